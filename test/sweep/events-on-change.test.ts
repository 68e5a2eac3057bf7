import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import { parsePolicy } from '../../lib/core/policy';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { liveSweepInput, type LiveSweepClients } from '../../lib/sweep/live-sweep';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { ACCOUNT, gaad, report, USER } from './live-account';

const S3_READ = { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' };

describe('events on change only (SDK mocks, DynamoDB on dynalite)', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const sh = mockClient(SecurityHubClient);
  const eb = mockClient(EventBridgeClient);
  const sts = mockClient(STSClient);
  let db: LocalDynamo;
  let clients: LiveSweepClients;
  let store: ApprovalStore;
  let reject: string | undefined;

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
    await db.createTable(createTableInput('ledger', LEDGER_TABLE));
    store = new ApprovalStore(db.doc, 'approvals');
    const approved = { approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard' as const, status: 'approved' as const };
    await store.importMany([
      { ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'identity' }, ...approved },
      { ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'access-key', maxKeys: 1 }, ...approved },
    ], { dryRun: false });
    clients = {
      iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }), sts: new STSClient({ region: 'us-east-1' }),
      securityHub: new SecurityHubClient({ region: 'us-east-1' }), events: new EventBridgeClient({ region: 'us-east-1' }), dynamo: db.doc,
    };
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/tally/sweep`, UserId: 'AROA:sweep' });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    eb.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const failed = (e: PutEventsRequestEntry) => e.DetailType === reject;
      return {
        FailedEntryCount: input.Entries.filter(failed).length,
        Entries: input.Entries.map((e, i) => (failed(e) ? { ErrorCode: 'AccessDeniedException', ErrorMessage: 'not authorized' } : { EventId: `e-${i}` })),
      };
    });
  });
  afterAll(() => db.stop());
  beforeEach(() => {
    sh.resetHistory();
    eb.resetHistory();
  });

  const sweep = async (at: string, republish = false) => {
    // IAM hands out a report generated an hour before each sweep (younger than 4 h: no new one is generated).
    iam.on(GetCredentialReportCommand).resolves(report(true, new Date(Date.parse(at) - 3_600_000)));
    const input = await liveSweepInput(clients, {
      runId: `run-${at}`, now: new Date(at), policy: parsePolicy({}), region: 'us-east-1', approvals: { kind: 'store', store },
      securityHub: { ledgerTable: 'ledger' }, eventBus: 'tally', evidence: true, sleep: async () => undefined,
    });
    if (republish) input.publish = { ...input.publish, republish: true };
    return runAccountSweep(input);
  };
  const sent = () => eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []).map((e) => {
    const d = JSON.parse(e.Detail!);
    return `${e.DetailType}: ${d.type ?? d.approvalKey}${d.change ? ` (${d.change})` : ''}`;
  });

  it('announces the first publication, then nothing while nothing changes, then exactly each change', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([]));
    const first = await sweep('2026-11-20T00:00:00Z');
    const keyApproval = first.result.outcomes.find((o) => o.outcome === 'RECONCILED' && o.approvalKey.includes('access-key'))!.approvalKey;
    const identityApproval = first.result.outcomes.find((o) => o.outcome === 'RECONCILED' && o.approvalKey !== keyApproval)!.approvalKey;
    expect(sent().sort()).toEqual([
      'Tally Approval Verified: ' + identityApproval,
      'Tally Approval Verified: ' + keyApproval,
      // The key was last used in August: both approvals are approved but unused (45-day window).
      'Tally Finding: APPROVED_BUT_UNUSED (new)',
      'Tally Finding: APPROVED_BUT_UNUSED (new)',
      'Tally Finding: STALE_ACCESS_KEY (new)',
      'Tally Finding: UNUSED_ACCESS_KEY (new)',
    ].sort());

    // Steady state: no import, no event, no evidence write.
    eb.resetHistory();
    sh.resetHistory();
    const steady = await sweep('2026-11-20T06:00:00Z');
    expect(sent()).toEqual([]);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(steady.evidence).toMatchObject({ written: 0, unchanged: 2 });

    // One change: an admin policy attached to the user.
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([S3_READ]));
    eb.resetHistory();
    await sweep('2026-11-20T12:00:00Z');
    expect(sent()).toEqual(['Tally Finding: UNAPPROVED_ENTITLEMENT (new)']);

    // And undone: the finding is cleared, said once.
    eb.resetHistory();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([]));
    await sweep('2026-11-20T18:00:00Z');
    expect(sent()).toEqual(['Tally Finding: UNAPPROVED_ENTITLEMENT (cleared)']);
    eb.resetHistory();
    await sweep('2026-11-20T19:00:00Z');
    expect(sent()).toEqual([]);

    // A consumer that lost its state asks for everything again.
    eb.resetHistory();
    const again = await sweep('2026-11-20T20:00:00Z', true);
    expect(sent().sort()).toEqual(
      [
        'Tally Approval Verified: ' + identityApproval,
        'Tally Approval Verified: ' + keyApproval,
        'Tally Finding: APPROVED_BUT_UNUSED',
        'Tally Finding: APPROVED_BUT_UNUSED',
        'Tally Finding: STALE_ACCESS_KEY',
        'Tally Finding: UNUSED_ACCESS_KEY',
      ].sort(),
    );
    expect(again.securityHub).toMatchObject({ imported: 0 });
  });

  it('announces a finding again on the next sweep when EventBridge did not take its event', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([S3_READ]));
    reject = 'Tally Finding';
    const failed = await sweep('2026-11-21T00:00:00Z');
    expect(failed.events?.failed.map((f) => f.detailType)).toEqual(['Tally Finding']);
    reject = undefined;
    eb.resetHistory();
    await sweep('2026-11-21T01:00:00Z');
    expect(sent()).toEqual(['Tally Finding: UNAPPROVED_ENTITLEMENT (changed)']);
    eb.resetHistory();
    await sweep('2026-11-21T02:00:00Z');
    expect(sent()).toEqual([]);
  });

  it('verifies and announces an approval again on the next sweep when EventBridge did not take its event', async () => {
    const approved = { approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard' as const, status: 'approved' as const };
    await store.importMany([{ ticketId: 'CHG-2', principal: USER, entitlement: { kind: 'managed-policy', policyArn: S3_READ.PolicyArn }, ...approved }], { dryRun: false });
    reject = 'Tally Approval Verified';
    const failed = await sweep('2026-11-22T00:00:00Z');
    expect(failed.events?.failed.map((f) => f.detailType)).toEqual(['Tally Approval Verified']);
    const key = failed.events!.failed[0]!.id;
    expect(failed.evidence?.held).toEqual([key]);
    reject = undefined;
    eb.resetHistory();
    const next = await sweep('2026-11-22T01:00:00Z');
    expect(sent()).toEqual([`Tally Approval Verified: ${key}`]);
    expect(next.evidence).toMatchObject({ written: 1, held: [] });
    eb.resetHistory();
    await sweep('2026-11-22T02:00:00Z');
    expect(sent()).toEqual([]);
  });
});
