import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import { parsePolicy } from '../../lib/core/policy';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { countedSweepClients, liveSweepInput, type LiveSweepClients } from '../../lib/sweep/live-sweep';
import { CallCounter } from '../../lib/aws/call-counter';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { ACCOUNT, gaad, report, USER } from './live-account';

describe('a publishing sweep with nothing changed (SDK mocks, DynamoDB on dynalite)', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const sh = mockClient(SecurityHubClient);
  const eb = mockClient(EventBridgeClient);
  mockClient(STSClient);
  let db: LocalDynamo;
  let clients: LiveSweepClients;
  let store: ApprovalStore;
  let calls: CallCounter;

  beforeAll(async () => {
    db = await startDynalite();
    for (const [name, spec] of [['approvals', APPROVAL_TABLE], ['ledger', LEDGER_TABLE], ['audit', AUDIT_TABLE]] as const) await db.createTable(createTableInput(name, spec));
    // The user is approved; its one key is stale and unused (a planned deactivation, report mode), and unapproved.
    store = new ApprovalStore(db.doc, 'approvals');
    await store.importMany([{ ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'identity' }, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' }], { dryRun: false });
    clients = {
      iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }), sts: new STSClient({ region: 'us-east-1' }),
      securityHub: new SecurityHubClient({ region: 'us-east-1' }), events: new EventBridgeClient({ region: 'us-east-1' }), dynamo: db.doc,
    };
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([]));
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) }));
  });
  afterAll(() => db.stop());

  // As the deployed sweep counts: every client of the run, the approval store's too.
  const sweep = async (at: string) => {
    iam.on(GetCredentialReportCommand).resolves(report(true, new Date(Date.parse(at) - 1_800_000)));
    calls = new CallCounter();
    const counted = countedSweepClients(clients, calls);
    return runAccountSweep(
      await liveSweepInput(counted, {
        runId: `run-${at}`, now: new Date(at), policy: parsePolicy({}), region: 'us-east-1', accountId: ACCOUNT, calls,
        approvals: { kind: 'store', store: new ApprovalStore(counted.dynamo, 'approvals') },
        securityHub: { ledgerTable: 'ledger' }, eventBus: 'tally', evidence: true, sleep: async () => undefined,
        keyExpiry: { mode: 'report', auditTable: 'audit', maxActions: 5, graceDays: 7, breakGlass: [], paused: () => false, actor: 'test' },
      }),
    );
  };

  it('reads the account, the approvals, the ledger and the account memory once each, and writes, imports and sends nothing', async () => {
    const first = await sweep('2026-11-20T00:00:00Z');
    expect(first.result.actions).toHaveLength(1);
    expect(first.calls['securityhub:BatchImportFindings']).toBe(1);

    const steady = await sweep('2026-11-20T01:00:00Z');
    expect(steady.calls).toEqual({
      'iam:GetAccountAuthorizationDetails': 1,
      'iam:GetCredentialReport': 1,
      'secretsmanager:ListSecrets': 1,
      'dynamodb:Scan': 1,
      // The ledger's open entries (one page), and the account's memory in the audit table (one page).
      'dynamodb:Query': 2,
    });
    // Report mode recorded its decision on the key once, in the first run.
    expect(steady.keyExpiry?.outcomes.map((o) => [o.decision, o.audit])).toEqual([['skipped-grace', 'duplicate']]);
    expect(steady.securityHub).toMatchObject({ imported: 0, archived: 0, closed: 0 });
    expect(steady.events?.sent).toBe(0);
  });
});
