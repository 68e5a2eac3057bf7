import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListSecretsCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { main } from '../../lib/cli/program';
import type { ReconcileResult } from '../../lib/core/result';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { receivedCalls } from '../support/aws-mocks';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

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

  describe('--publish --enforce against DynamoDB on dynalite', () => {
    const ACCOUNT = '123456789012';
    const USER = `arn:aws:iam::${ACCOUNT}:user/service/svc-etl`;
    const HEADER =
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
    const ROW = `svc-etl,${USER},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-03-01T09:00:00+00:00,2026-08-01T09:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    let db: LocalDynamo;

    beforeAll(async () => {
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      db = await startDynalite();
      await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
      await db.createTable(createTableInput('ledger', LEDGER_TABLE));
      await db.createTable(createTableInput('audit', AUDIT_TABLE));
      await new ApprovalStore(db.doc, 'approvals').importMany(
        [
          { ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'identity' }, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' },
          { ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'access-key', maxKeys: 1 }, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' },
        ],
        { dryRun: false },
      );
    });
    afterAll(async () => {
      vi.unstubAllEnvs();
      await db.stop();
    });
    beforeEach(() => {
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({
        UserDetailList: [
          {
            Path: '/service/', UserName: 'svc-etl', UserId: 'AIDAEXAMPLE000000001', Arn: USER, CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [], GroupList: [],
            AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], Tags: [],
          },
        ],
        GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
      });
      iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n${ROW}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-19T23:00:00Z') });
      iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'svc-etl', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: new Date('2026-03-01T09:00:00Z') }], IsTruncated: false });
      iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'svc-etl', AccessKeyLastUsed: { LastUsedDate: new Date('2026-08-01T09:00:00Z'), ServiceName: 's3', Region: 'eu-west-1' } });
      iam.on(UpdateAccessKeyCommand).resolves({});
      sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/tally/cli`, UserId: 'AROAEXAMPLE:cli' });
      sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
      eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `event-${i}` })) }));
    });

    it('remembers a secret version date in the audit table and reads it no more, writing nothing else, when a read-only sweep is given --audit-table', async () => {
      // A secret rotated outside Secrets Manager (no LastRotatedDate): its value's age is its AWSCURRENT version's date.
      const arn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:ext/partner-api-AbCdEf`;
      sm.on(ListSecretsCommand).resolves({ SecretList: [{ ARN: arn, Name: 'ext/partner-api', CreatedDate: new Date('2025-01-01T00:00:00Z'), RotationEnabled: false, SecretVersionsToStages: { 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111': ['AWSCURRENT'] } }] });
      sm.on(ListSecretVersionIdsCommand).resolves({ ARN: arn, Name: 'ext/partner-api', Versions: [{ VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', VersionStages: ['AWSCURRENT'], CreatedDate: new Date('2025-01-01T00:00:00Z') }] });
      const sweep = async () => {
        sm.resetHistory();
        const { out, io: terminal } = io();
        const code = await main(['sweep', '--live', '--approvals-table', 'approvals', '--audit-table', 'audit', '--format', 'json'], terminal, { region: 'us-east-1', endpoint: db.endpoint, noColor: true });
        expect(code, out.stderr).toBe(0);
        return (JSON.parse(out.stdout) as { run: { calls: Record<string, number> } }).run.calls;
      };
      try {
        const first = await sweep();
        expect(first['secretsmanager:ListSecretVersionIds']).toBe(1);
        expect(first['dynamodb:PutItem']).toBe(1);
        const second = await sweep();
        expect(second['secretsmanager:ListSecretVersionIds']).toBeUndefined();
        expect(Object.keys(second).sort()).toEqual(['dynamodb:Query', 'dynamodb:Scan', 'iam:GetAccountAuthorizationDetails', 'iam:GetCredentialReport', 'secretsmanager:ListSecrets']);
        expect(iam.commandCalls(ListAccessKeysCommand)).toEqual([]);
      } finally {
        sm.on(ListSecretsCommand).resolves({ SecretList: [] });
      }
    });

    it('reports every AWS call of the run by operation, equal to what AWS received, and times each phase when publishing and enforcing', async () => {
      db.received.length = 0;
      const { out, io: terminal } = io();
      const argv = [
        'sweep', '--live', '--approvals-table', 'approvals', '--publish', '--ledger-table', 'ledger', '--event-bus', 'tally',
        '--enforce', '--audit-table', 'audit', '--grace-days', '0', '--format', 'json',
      ];
      const code = await main(argv, terminal, { region: 'us-east-1', endpoint: db.endpoint, noColor: true });

      const output = JSON.parse(out.stdout) as ReconcileResult & { run: { calls: Record<string, number>; totalCalls: number; phases: { readMs: number; reconcileMs: number; publishMs: number; actMs: number } } };
      expect(code, out.stderr).toBe(0);
      expect(iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(1);
      const expected = receivedCalls({ iam, sm, sh, eb, sts }, db.received);
      expect(Object.keys(expected)).toEqual(
        expect.arrayContaining(['sts:GetCallerIdentity', 'securityhub:BatchImportFindings', 'events:PutEvents', 'iam:UpdateAccessKey', 'dynamodb:Scan', 'dynamodb:PutItem']),
      );
      expect(output.run.calls).toEqual(expected);
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      expect(output.run.totalCalls).toBe(total);
      expect(out.stderr).toContain(`AWS calls: ${total} (`);
      for (const [op, n] of Object.entries(expected)) expect(out.stderr).toContain(`${op} ${n}`);

      expect(Object.keys(output.run.phases).sort()).toEqual(['actMs', 'publishMs', 'readMs', 'reconcileMs']);
      for (const ms of Object.values(output.run.phases)) expect(ms).toBeGreaterThanOrEqual(0);
      expect(out.stderr).toMatch(/^tally: phases: read \d+ ms, reconcile \d+ ms, publish \d+ ms, act \d+ ms$/m);
      // The progress line times the reconcile phase only, not the reads or the publishing.
      expect(out.stderr).toContain(`reconciled 1 principal(s), 0 secret(s) in ${Math.round(output.run.phases.reconcileMs)} ms`);
    });
  });
});

describe('tally sweep input errors', () => {
  it('exits 2 naming an approvals file that does not exist', async () => {
    const { out, io: terminal } = io();
    expect(await main(['sweep', '--snapshot', FIXTURE, '--approvals', 'missing.csv'], terminal, { noColor: true })).toBe(2);
    expect(out.stderr).toMatch(/missing\.csv.*ENOENT/);
  });
});
