import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ScheduledEvent } from 'aws-lambda';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger, metrics } from '../../lib/lambda-support/observability';
import { acceptingSinks, awsMocks, receivedCalls } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const ACCOUNT = '123456789012';
const shadow = {
  UserDetailList: [
    {
      Path: '/', UserName: 'temp-admin', UserId: 'AIDAEXAMPLE000000009', Arn: `arn:aws:iam::${ACCOUNT}:user/temp-admin`, CreateDate: new Date('2026-11-01T00:00:00Z'),
      UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], Tags: [],
    },
  ],
  GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
};
const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const scheduled = (id: string): ScheduledEvent => ({
  version: '0', id, 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, time: '2026-11-20T06:00:00Z', region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/tally-sweep`], detail: {},
});

describe('lambdas/sweep', () => {
  const mocks = awsMocks();
  const { iam, sm, sh, eb, sts } = mocks;
  let db: LocalDynamo;
  let handler: (e: ScheduledEvent, c: ReturnType<typeof lambdaContext>) => Promise<unknown>;

  beforeAll(async () => {
    db = await lambdaEnvironment();
    ({ handler } = (await import('../../lambdas/sweep')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, ACCOUNT);
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(shadow);
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-20T05:00:00Z') });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  });

  it('sweeps the account in report mode, imports the shadow admin to Security Hub and publishes it', async () => {
    const summary = await handler(scheduled('run-1'), lambdaContext('tally-sweep'));
    expect(summary).toMatchObject({ runId: 'run-1', findings: { UNAPPROVED_ENTITLEMENT: 2 }, incomplete: [], deactivated: 0 });
    const imported = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
    expect(imported.map((f) => f.Severity?.Label).sort()).toEqual(['CRITICAL', 'HIGH']);
    expect(eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []).map((e) => e.DetailType)).toEqual(['Tally Finding', 'Tally Finding']);
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
  });

  it('fails the invocation so Lambda retries when Security Hub rejects findings', async () => {
    const another = { ...shadow.UserDetailList[0]!, UserName: 'temp-admin-2', Arn: `arn:aws:iam::${ACCOUNT}:user/temp-admin-2` };
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...shadow, UserDetailList: [...shadow.UserDetailList, another] });
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: { Id: string }[] }) => ({
      SuccessCount: 0, FailedCount: input.Findings.length, FailedFindings: input.Findings.map((f) => ({ Id: f.Id, ErrorCode: 'InternalException', ErrorMessage: 'try again' })),
    }));
    await expect(handler(scheduled('run-2'), lambdaContext('tally-sweep'))).rejects.toThrow(/results not delivered: securityHub 2/);
  });

  it('logs an unreadable approval with its field, counts it in a metric and keeps the shadow admin open', async () => {
    await handler(scheduled('run-3'), lambdaContext('tally-sweep'));
    const error = vi.spyOn(logger, 'error');
    const metric = vi.spyOn(metrics, 'addMetric');
    const principal = `arn:aws:iam::${ACCOUNT}:user/temp-admin`;
    const approvalKey = `CHG-9|${principal}|managed-policy|arn:aws:iam::aws:policy/AdministratorAccess`;
    await db.doc.send(new PutCommand({
      TableName: 'approvals',
      Item: { approvalKey, version: 1, ticketId: 'CHG-9', principal, entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, approvedBy: 'bob@example.com', approvedAt: 'yesterday', risk: 'privileged', status: 'approved' },
    }));
    // The admin policy is gone, but the approval that may name it cannot be read: nothing about temp-admin is closed.
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...shadow, UserDetailList: [{ ...shadow.UserDetailList[0]!, AttachedManagedPolicies: [] }] });

    const summary = await handler(scheduled('run-4'), lambdaContext('tally-sweep'));

    expect(summary).toMatchObject({ invalidApprovals: 1 });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('invalid approval'), expect.objectContaining({ approvalKey, principal, field: 'approvedAt' }));
    expect(metric).toHaveBeenCalledWith('InvalidApprovals', 'Count', 1);
    const archived = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []).filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived).toEqual([]);
  });

  it('records every AWS call of the run as AwsApiCalls per operation, as AWS received them, and each phase in ms when it sweeps', async () => {
    const emitted: Record<string, unknown>[] = [];
    const publish = Metrics.prototype.publishStoredMetrics;
    // What would reach CloudWatch (metrics are not printed in POWERTOOLS_DEV mode): every EMF document, as it is flushed.
    const spy = vi.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
      if (this.hasStoredMetrics()) emitted.push(this.serializeMetrics() as unknown as Record<string, unknown>);
      return publish.call(this);
    });
    // A new shadow admin: findings the ledger has not seen, so this run imports them.
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...shadow, UserDetailList: [{ ...shadow.UserDetailList[0]!, UserName: 'temp-admin-5', Arn: `arn:aws:iam::${ACCOUNT}:user/temp-admin-5` }] });
    db.received.length = 0;
    let summary: Record<string, unknown>;
    try {
      summary = (await handler(scheduled('run-5'), lambdaContext('tally-sweep'))) as Record<string, unknown>;
    } finally {
      spy.mockRestore();
    }

    const expected = receivedCalls(mocks, db.received);
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['securityhub:BatchImportFindings', 'events:PutEvents', 'dynamodb:Scan']));
    // The swept account is the function's own, from its ARN: STS is not asked.
    expect(expected['sts:GetCallerIdentity']).toBeUndefined();
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    const byOperation = Object.fromEntries(emitted.filter((d) => 'operation' in d).map((d) => [d.operation, d.AwsApiCalls]));
    expect(byOperation).toEqual(expected);
    expect(emitted.filter((d) => !('operation' in d) && 'AwsApiCalls' in d).map((d) => d.AwsApiCalls)).toEqual([total]);
    const phases = emitted.filter((d) => 'phase' in d);
    expect(phases.map((d) => d.phase).sort()).toEqual(['act', 'publish', 'read', 'reconcile']);
    for (const d of phases) expect(d.SweepPhaseDuration).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(phases.map((d) => d._aws))).toContain('"Unit":"Milliseconds"');
    expect(summary).toMatchObject({ calls: total, callsByOperation: expected, phases: { readMs: expect.any(Number), reconcileMs: expect.any(Number), publishMs: expect.any(Number), actMs: expect.any(Number) } });
  });
});
