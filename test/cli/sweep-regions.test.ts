import { AccessDeniedException, AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { ReconcileResult } from '../../lib/core/result';

const FIXTURE = resolve(__dirname, '../fixtures/cli/clean-account');
const gaad = JSON.parse(readFileSync(join(FIXTURE, 'gaad.json'), 'utf8'));

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date('2026-11-20T00:00:00Z') } };
}

describe('tally sweep --region, --regions and --profile', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const account = mockClient(AccountClient);
  const LIVE = ['sweep', '--live', '--approvals', join(FIXTURE, 'approvals.csv'), '--format', 'json'];
  const secret = (region: string) => ({ ARN: `arn:aws:secretsmanager:${region}:123456789012:secret:app/key-AbCdEf`, Name: 'app/key', RotationEnabled: true, LastRotatedDate: new Date('2026-11-01T00:00:00Z'), CreatedDate: new Date('2026-01-01T00:00:00Z'), Tags: [] });
  /** The region and profile each ListSecrets call was made with, as its client resolved them. */
  const listedWith = () =>
    Promise.all(sm.commandCalls(ListSecretsCommand).map(async (c) => {
      const config = (c.thisValue as SecretsManagerClient).config as SecretsManagerClient['config'] & { profile?: string };
      return { region: await config.region(), profile: config.profile };
    }));

  beforeEach(() => {
    iam.reset();
    sm.reset();
    account.reset();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...gaad, UserDetailList: gaad.UserDetailList.map((u: { CreateDate: string }) => ({ ...u, CreateDate: new Date(u.CreateDate) })) });
    iam.on(GetCredentialReportCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:GetCredentialReport'), { name: 'AccessDenied' }));
    sm.on(ListSecretsCommand).callsFake(async (_input: unknown, client: () => SecretsManagerClient) => ({ SecretList: [secret(await client().config.region())] }));
  });

  it('exits 2 naming --region when it is not a region name', async () => {
    const { out, io: terminal } = io();
    expect(await main([...LIVE, '--region', 'us-east'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/--region: "us-east" is not an AWS region name/);
    expect(iam.calls()).toHaveLength(0);
  });

  it('exits 2 naming --regions when one of the list is not a region name', async () => {
    const { out, io: terminal } = io();
    expect(await main([...LIVE, '--regions', 'us-east-1,Frankfurt'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/--regions: "Frankfurt" is not an AWS region name/);
  });

  it('reads Secrets Manager in every region of --regions and merges their secrets when given several', async () => {
    const { out, io: terminal } = io();
    await main([...LIVE, '--region', 'eu-west-1', '--regions', 'eu-west-1,us-east-1'], terminal, { noColor: true });
    expect((await listedWith()).map((c) => c.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(iam.calls().length).toBeGreaterThan(0);
    const result = JSON.parse(out.stdout) as ReconcileResult;
    expect(result.incomplete).toEqual(['credentialReport']);
    expect(out.stderr).not.toMatch(/Secrets Manager.*not read/);
    expect(out.stderr).toMatch(/Secrets Manager: page 1, 1 secrets so far \(eu-west-1\)/);
    expect(out.stderr).toMatch(/Secrets Manager: page 1, 1 secrets so far \(us-east-1\)/);
  });

  it('makes its clients with --region and --profile when they are given over the environment', async () => {
    const { io: terminal } = io();
    await main([...LIVE, '--region', 'ap-southeast-2', '--profile', 'security-audit'], terminal, { region: 'us-east-1', noColor: true });
    expect(await listedWith()).toEqual([{ region: 'ap-southeast-2', profile: 'security-audit' }]);
  });

  it('reads Secrets Manager in every enabled region, and no opt-in region left disabled, when --regions all', async () => {
    account
      .on(ListRegionsCommand, { NextToken: undefined })
      .resolves({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' }], NextToken: 'next' })
      .on(ListRegionsCommand, { NextToken: 'next' })
      .resolves({ Regions: [{ RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' }] });
    const { out, io: terminal } = io();
    await main([...LIVE, '--region', 'us-east-1', '--regions', 'all'], terminal, { noColor: true });
    expect((await listedWith()).map((c) => c.region).sort()).toEqual(['eu-south-1', 'us-east-1']);
    expect(account.commandCalls(ListRegionsCommand)[0]!.args[0].input).toMatchObject({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] });
    const result = JSON.parse(out.stdout) as ReconcileResult & { run: { calls: Record<string, number> } };
    expect(result.run.calls).toMatchObject({ 'account:ListRegions': 2 });
    expect(out.stderr).toMatch(/2 enabled region\(s\): eu-south-1, us-east-1/);
  });

  it('exits 2 naming account:ListRegions and suggesting a --regions list when --regions all is denied', async () => {
    account.on(ListRegionsCommand).rejects(new AccessDeniedException({ message: 'User is not authorized to perform: account:ListRegions', $metadata: {} }));
    const { out, io: terminal } = io();
    expect(await main([...LIVE, '--regions', 'all'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/--regions all needs account:ListRegions.*--regions us-east-1,eu-west-1/);
    expect(sm.commandCalls(ListSecretsCommand)).toHaveLength(0);
  });

  it('exits 3 when ListRegions fails otherwise under --regions all', async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const { out, io: terminal } = io();
    expect(await main([...LIVE, '--regions', 'all'], terminal, { noColor: true })).toBe(3);
    expect(out.stderr).toMatch(/cannot list the account's enabled regions: ListRegions failed: TooManyRequestsException/);
  });

  it('exits 2 when --regions all is given with region names', async () => {
    const { out, io: terminal } = io();
    expect(await main([...LIVE, '--regions', 'all,eu-west-1'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/--regions: "all" stands alone/);
    const again = io();
    expect(await main([...LIVE, '--regions', 'eu-west-1', '--regions', 'all'], again.io, { noColor: true })).toBe(2);
    expect(account.calls()).toHaveLength(0);
  });

  it('refuses --regions with --snapshot', async () => {
    const { out, io: terminal } = io();
    expect(await main(['sweep', '--snapshot', FIXTURE, '--regions', 'us-east-1'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/--profile and --regions read a live account/);
  });
});
