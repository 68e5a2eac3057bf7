import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { ReconcileResult } from '../../lib/core/result';

const FIXTURE = resolve(__dirname, '../fixtures/cli/clean-account');
const gaad = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(FIXTURE, 'gaad.json'), 'utf8')));

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date('2026-11-20T00:00:00Z') } };
}

describe('tally sweep --live', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const sh = mockClient(SecurityHubClient);
  const eb = mockClient(EventBridgeClient);
  const sts = mockClient(STSClient);
  const LIVE = ['sweep', '--live', '--approvals', join(FIXTURE, 'approvals.csv'), '--format', 'json'];
  const DENIED = 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *';

  beforeEach(() => {
    iam.reset();
    sm.reset();
    sh.reset();
    eb.reset();
    sts.reset();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...gaad, UserDetailList: gaad.UserDetailList.map((u: { CreateDate: string }) => ({ ...u, CreateDate: new Date(u.CreateDate) })) });
    iam.on(GetCredentialReportCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:GetCredentialReport'), { name: 'AccessDenied' }));
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
  });

  it('reads the account, writes nothing, reports progress and exits 3 when a part could not be read', async () => {
    const { out, io: terminal } = io();
    const code = await main(['sweep', '--live', '--approvals', join(FIXTURE, 'approvals.csv'), '--format', 'json'], terminal, { region: 'us-east-1', noColor: true });
    const result = JSON.parse(out.stdout) as ReconcileResult;
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['RECONCILED', 'RECONCILED']);
    expect(result.incomplete).toEqual(['credentialReport']);
    expect(out.stderr).toMatch(/IAM: page 1/);
    expect(out.stderr).toMatch(/warning: credential report not read.*AccessDenied/);
    expect(out.stderr).toContain('AWS calls: 3 (iam:GetAccountAuthorizationDetails 1, iam:GetCredentialReport 1, secretsmanager:ListSecrets 1)');
    expect(code).toBe(3);
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toEqual([]);
    expect(eb.commandCalls(PutEventsCommand)).toEqual([]);
  });

  it('exits 3 with one line naming the part, the call and the cause when IAM denies GetAccountAuthorizationDetails', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(Object.assign(new Error(DENIED), { name: 'AccessDenied' }));
    const { out, io: terminal } = io();
    expect(await main(LIVE, terminal, { region: 'us-east-1', noColor: true })).toBe(3);
    expect(out.stderr).toBe(`tally: cannot read IAM: GetAccountAuthorizationDetails page 1: AccessDenied: ${DENIED}\n`);
    expect(out.stdout).toBe('');
  });

  it('exits 3 with one line when the SDK finds no credentials', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const { out, io: terminal } = io();
    expect(await main(LIVE, terminal, { region: 'us-east-1', noColor: true })).toBe(3);
    expect(out.stderr).toMatch(/^tally: cannot read IAM: GetAccountAuthorizationDetails page 1: CredentialsProviderError: Could not load credentials from any providers\n$/);
  });

  it('prints the stack trace and causes only when --verbose or DEBUG is set', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(Object.assign(new Error(DENIED), { name: 'AccessDenied' }));
    for (const [argv, env] of [[['-v', ...LIVE], {}], [[...LIVE, '--verbose'], {}], [LIVE, { debug: true }]] as const) {
      const { out, io: terminal } = io();
      expect(await main([...argv], terminal, { region: 'us-east-1', noColor: true, ...env })).toBe(3);
      expect(out.stderr.split('\n')[0]).toMatch(/^tally: cannot read IAM: /);
      expect(out.stderr).toMatch(/\n\s+at /);
      expect(out.stderr).toMatch(/caused by: AccessDenied/);
    }
  });

  it('shows control characters in AWS messages as visible escapes on standard error', async () => {
    iam.on(GetCredentialReportCommand).rejects(Object.assign(new Error('denied\u001b[2J\nfake line'), { name: 'AccessDenied' }));
    const { out, io: terminal } = io();
    expect(await main(LIVE, terminal, { region: 'us-east-1', noColor: true })).toBe(3);
    expect(out.stderr).toContain('AccessDenied: denied\\u001b[2J\\u000afake line');
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(Object.assign(new Error('no\u009b2J'), { name: 'AccessDenied' }));
    expect(await main(LIVE, terminal, { region: 'us-east-1', noColor: true })).toBe(3);
    expect(out.stderr).toContain('AccessDenied: no\\u009b2J\n');
    expect(out.stderr).not.toMatch(/[\u001b\u009b]/);
    expect(out.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('tally: '))).toEqual([]);
  });

  it('exits 3, never 1, with one line when an unexpected error stops the sweep', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    const { out, io: terminal } = io();
    const code = await main([...LIVE, '--publish', '--ledger-table', 'ledger'], terminal, { region: 'us-east-1', noColor: true });
    expect(code).toBe(3);
    expect(out.stderr).toBe('tally: ExpiredToken: The security token included in the request is expired (run with --verbose for details)\n');
  });

  it.each([
    [['sweep', '--live', '--approvals', 'x.csv', '--enforce'], '--audit-table'],
    [['sweep', '--live', '--approvals', 'x.csv', '--publish'], '--ledger-table'],
    [['sweep', '--live'], '--approvals-table'],
    [['sweep', '--snapshot', FIXTURE, '--publish'], '--live'],
    [['sweep', '--snapshot', FIXTURE, '--live'], 'exactly one'],
    [['sweep', '--live', '--approvals', 'x.csv', '--dry-run'], '--enforce'],
  ])('exits 2 naming what is missing for %j', async (argv, message) => {
    const { out, io: terminal } = io();
    expect(await main(argv, terminal, { region: 'us-east-1', noColor: true })).toBe(2);
    expect(out.stderr).toContain(message);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toEqual([]);
  });
});

describe('tally sweep input errors', () => {
  it('exits 2 naming an approvals file that does not exist', async () => {
    const { out, io: terminal } = io();
    expect(await main(['sweep', '--snapshot', FIXTURE, '--approvals', 'missing.csv'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/missing\.csv.*ENOENT/);
  });
});
