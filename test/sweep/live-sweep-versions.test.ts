import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ListSecretsCommand, ListSecretVersionIdsCommand, SecretsManagerClient, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lib/actions/audit-log';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { parsePolicy } from '../../lib/core/policy';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { liveSweepInput, type LiveSweepClients } from '../../lib/sweep/live-sweep';
import { acceptingSinks, awsMocks, receivedCalls } from '../support/aws-mocks';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-20T00:00:00Z');
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT = `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

const arn = (name: string, suffix: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-${suffix}`;
const vid = (n: number) => `a1b2c3d4-5678-90ab-cdef-EXAMPLE${String(n).padStart(5, '0')}`;
const days = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

interface Version {
  id: string;
  stages: string[];
  created: Date;
}

/**
 * The account's secrets: four whose value is set outside Secrets Manager (rotation off, no
 * LastRotatedDate, old enough to be candidates), two Secrets Manager rotates, one too young to need
 * a version read. ListSecrets returns them over two pages, as SecretListEntry with SecretVersionsToStages.
 */
function account() {
  const secrets: { entry: SecretListEntry; versions: Version[] }[] = [
    { entry: { ARN: arn('ext/partner-api', 'AbCdEf'), Name: 'ext/partner-api', RotationEnabled: false, CreatedDate: days(700), LastAccessedDate: days(1) }, versions: [{ id: vid(1), stages: ['AWSCURRENT'], created: days(200) }, { id: vid(2), stages: ['AWSPREVIOUS'], created: days(500) }] },
    { entry: { ARN: arn('ext/sftp', 'GhIjKl'), Name: 'ext/sftp', RotationEnabled: false, CreatedDate: days(400), LastAccessedDate: days(3) }, versions: [{ id: vid(3), stages: ['AWSCURRENT'], created: days(400) }] },
    { entry: { ARN: arn('legacy/ldap-bind', 'MnOpQr'), Name: 'legacy/ldap-bind', RotationEnabled: false, CreatedDate: days(900) }, versions: [{ id: vid(4), stages: ['AWSCURRENT'], created: days(60) }, { id: vid(5), stages: ['AWSPREVIOUS'], created: days(300) }] },
    { entry: { ARN: arn('ci/deploy-token', 'StUvWx'), Name: 'ci/deploy-token', RotationEnabled: false, CreatedDate: days(45), LastAccessedDate: days(0) }, versions: [{ id: vid(6), stages: ['AWSCURRENT'], created: days(10) }] },
    {
      entry: { ARN: arn('prod/db', 'YzAbCd'), Name: 'prod/db', RotationEnabled: true, RotationLambdaARN: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotate-db`, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: days(12), CreatedDate: days(800), LastAccessedDate: days(0) },
      versions: [{ id: vid(7), stages: ['AWSCURRENT'], created: days(12) }, { id: vid(8), stages: ['AWSPREVIOUS'], created: days(42) }],
    },
    {
      entry: { ARN: arn('prod/api-key', 'EfGhIj'), Name: 'prod/api-key', RotationEnabled: true, RotationRules: { ScheduleExpression: 'rate(30 days)' }, LastRotatedDate: days(5), CreatedDate: days(300) },
      versions: [{ id: vid(9), stages: ['AWSCURRENT'], created: days(5) }, { id: vid(10), stages: ['AWSPREVIOUS'], created: days(35) }],
    },
    { entry: { ARN: arn('new/service', 'KlMnOp'), Name: 'new/service', RotationEnabled: false, CreatedDate: days(3) }, versions: [{ id: vid(11), stages: ['AWSCURRENT'], created: days(3) }] },
  ];
  return secrets;
}

type Account = ReturnType<typeof account>;

/** The value of one secret set outside Secrets Manager (put-secret-value): a new AWSCURRENT version, the old one AWSPREVIOUS. */
function putSecretValue(secrets: Account, name: string, id: string, created: Date): void {
  const s = secrets.find((x) => x.entry.Name === name)!;
  s.versions = [{ id, stages: ['AWSCURRENT'], created }, ...s.versions.filter((v) => v.stages.includes('AWSCURRENT')).map((v) => ({ ...v, stages: ['AWSPREVIOUS'] }))];
  s.entry.LastChangedDate = created;
}

const entryOf = (s: Account[number]): SecretListEntry => ({ ...s.entry, Tags: [], SecretVersionsToStages: Object.fromEntries(s.versions.map((v) => [v.id, v.stages])) });

describe('live sweep: remembered secret version dates (SDK mocks, audit table on dynalite)', () => {
  const m = awsMocks();
  let db: LocalDynamo;
  let clients: LiveSweepClients;
  let secrets: Account;

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('audit', AUDIT_TABLE));
    clients = {
      iam: new IAMClient({ region: 'us-east-1' }),
      secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
      sts: new STSClient({ region: 'us-east-1' }),
      securityHub: new SecurityHubClient({ region: 'us-east-1' }),
      events: new EventBridgeClient({ region: 'us-east-1' }),
      dynamo: db.doc,
    };
  });
  afterAll(() => db.stop());

  beforeEach(() => {
    acceptingSinks(m, ACCOUNT);
    secrets = account();
    m.iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false });
    m.iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n${ROOT}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date(NOW.getTime() - 3_600_000) });
    m.sm.on(ListSecretsCommand).callsFake((input: { NextToken?: string }) =>
      input.NextToken === 'page-2' ? { SecretList: secrets.slice(4).map(entryOf) } : { SecretList: secrets.slice(0, 4).map(entryOf), NextToken: 'page-2' },
    );
    m.sm.on(ListSecretVersionIdsCommand).callsFake((input: { SecretId: string }) => {
      const s = secrets.find((x) => x.entry.ARN === input.SecretId)!;
      return { ARN: s.entry.ARN, Name: s.entry.Name, Versions: s.versions.map((v) => ({ VersionId: v.id, VersionStages: v.stages, CreatedDate: v.created, LastAccessedDate: days(1), KmsKeyIds: ['DefaultEncryptionKey'] })) };
    });
  });

  let runs = 0;
  const sweep = async (now: Date, auditTable: string | undefined) => {
    db.received.length = 0;
    m.sm.resetHistory();
    const report = await runAccountSweep(
      await liveSweepInput(clients, {
        runId: `run-${++runs}`,
        now,
        policy: parsePolicy({}),
        region: 'eu-west-1',
        approvals: { kind: 'records', approvals: [] },
        evidence: false,
        // A read-only sweep given an audit table (`tally sweep --live --audit-table`): it remembers version dates there.
        ...(auditTable ? { auditTable } : {}),
        sleep: async () => undefined,
      }),
    );
    const versionReads = m.sm.commandCalls(ListSecretVersionIdsCommand).map((c) => c.args[0].input.SecretId!.replace(/^.*:secret:/, ''));
    const ages = Object.fromEntries(report.result.findings.filter((f) => f.type === 'SECRET_NOT_ROTATED').map((f) => [f.resource.name, f.threshold?.actualDays]));
    return { report, versionReads, ages, received: receivedCalls(m, db.received) };
  };

  it('reads each unrotated secret version once, then none while nothing changes, then only the one secret whose current version changed when a sweep has an audit table', async () => {
    const first = await sweep(NOW, 'audit');
    expect(first.versionReads.sort()).toEqual(['ci/deploy-token-StUvWx', 'ext/partner-api-AbCdEf', 'ext/sftp-GhIjKl', 'legacy/ldap-bind-MnOpQr']);
    expect(first.report.calls['secretsmanager:ListSecretVersionIds']).toBe(4);
    expect(first.ages).toEqual({ 'ext/partner-api': 200, 'ext/sftp': 400, 'legacy/ldap-bind': 60, 'ci/deploy-token': 10, 'new/service': 3 });
    const remembered = await new DynamoAuditLog(db.doc, 'audit').rememberedVersions(ACCOUNT, NOW.toISOString());
    expect([...remembered.values()].map((v) => [v.sk.replace(/^.*:secret:/, ''), v.createdAt, v.rememberedBy]).sort()).toEqual([
      [`ci/deploy-token-StUvWx#${vid(6)}`, days(10).toISOString(), 'run-1'],
      [`ext/partner-api-AbCdEf#${vid(1)}`, days(200).toISOString(), 'run-1'],
      [`ext/sftp-GhIjKl#${vid(3)}`, days(400).toISOString(), 'run-1'],
      [`legacy/ldap-bind-MnOpQr#${vid(4)}`, days(60).toISOString(), 'run-1'],
    ]);

    // Same account, same instant: no version read, the same findings with the same ages; one Query of the memory.
    const second = await sweep(NOW, 'audit');
    expect(second.versionReads).toEqual([]);
    expect(second.report.calls['secretsmanager:ListSecretVersionIds']).toBeUndefined();
    expect(second.received['secretsmanager:ListSecretVersionIds']).toBeUndefined();
    expect(second.report.result.findings).toEqual(first.report.result.findings);
    expect(second.report.warnings.filter((w) => /secret version/.test(w))).toEqual([]);

    // ext/sftp's value is replaced outside Secrets Manager: a new AWSCURRENT version, the old one AWSPREVIOUS.
    putSecretValue(secrets, 'ext/sftp', vid(12), days(2));
    const third = await sweep(NOW, 'audit');
    expect(third.versionReads).toEqual(['ext/sftp-GhIjKl']);
    expect(third.report.calls['secretsmanager:ListSecretVersionIds']).toBe(1);
    expect(third.ages).toEqual({ ...first.ages, 'ext/sftp': 2 });
    expect((await new DynamoAuditLog(db.doc, 'audit').rememberedVersions(ACCOUNT, NOW.toISOString())).get(`${arn('ext/sftp', 'GhIjKl')}#${vid(12)}`)).toMatchObject({ createdAt: days(2).toISOString(), rememberedBy: 'run-3' });
  });

  it('reads every version on every sweep and writes nothing to DynamoDB when the sweep has no audit table (read-only)', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await sweep(NOW, undefined);
      expect(run.versionReads).toHaveLength(4);
      expect(Object.keys(run.received).filter((c) => c.startsWith('dynamodb:'))).toEqual([]);
      expect(run.ages).toMatchObject({ 'ext/partner-api': 200, 'ext/sftp': 400 });
    }
  });
});
