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

  it('refuses --regions with --snapshot', async () => {
    const { out, io: terminal } = io();
    expect(await main(['sweep', '--snapshot', FIXTURE, '--regions', 'us-east-1'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/--profile and --regions read a live account/);
  });
});
