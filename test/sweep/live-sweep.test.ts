import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CredentialReportNotPresentException,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import { parsePolicy } from '../../lib/core/policy';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { liveSweepInput, type LiveSweepClients } from '../../lib/sweep/live-sweep';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

import { ACCOUNT, gaad, KEY_CREATED, KEY_USED, report, USER } from './live-account';

describe('live sweep end to end (SDK mocks, DynamoDB on dynalite)', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const sh = mockClient(SecurityHubClient);
  const eb = mockClient(EventBridgeClient);
  const sts = mockClient(STSClient);
  let db: LocalDynamo;
  let clients: LiveSweepClients;
  let store: ApprovalStore;

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
    await db.createTable(createTableInput('ledger', LEDGER_TABLE));
    await db.createTable(createTableInput('audit', AUDIT_TABLE));
    store = new ApprovalStore(db.doc, 'approvals');
    await store.importMany(
      [
        { ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'identity' }, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' },
        { ticketId: 'CHG-1', principal: USER, entitlement: { kind: 'access-key', maxKeys: 1 }, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' },
      ],
      { dryRun: false },
    );
    clients = {
      iam: new IAMClient({ region: 'us-east-1' }),
      secrets: new SecretsManagerClient({ region: 'us-east-1' }),
      sts: new STSClient({ region: 'us-east-1' }),
      securityHub: new SecurityHubClient({ region: 'us-east-1' }),
      events: new EventBridgeClient({ region: 'us-east-1' }),
      dynamo: db.doc,
    };
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/tally/sweep`, UserId: 'AROA:sweep' });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) }));
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'svc-etl', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: KEY_CREATED }] });
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'svc-etl', AccessKeyLastUsed: { LastUsedDate: KEY_USED, ServiceName: 's3', Region: 'eu-west-1' } });
    iam.on(UpdateAccessKeyCommand).resolves({});
  });
  afterAll(() => db.stop());

  const sweep = async (now: Date) =>
    runAccountSweep(
      await liveSweepInput(clients, {
        runId: `run-${now.toISOString()}`,
        now,
        policy: parsePolicy({}),
        region: 'us-east-1',
        approvals: { kind: 'store', store },
        securityHub: { ledgerTable: 'ledger' },
        eventBus: 'tally',
        evidence: true,
        keyExpiry: { mode: 'enforce', auditTable: 'audit', maxActions: 5, graceDays: 0, breakGlass: [], paused: () => false, actor: 'test' },
        sleep: async () => undefined,
      }),
    );

  it('deactivates the stale key and records the approval deprovisioned by Tally; the next sweep keeps saying so, never not provisioned', async () => {
    const first = new Date('2026-11-20T00:00:00Z');
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]));
    iam.on(GetCredentialReportCommand).resolves(report(true, new Date('2026-11-19T23:00:00Z')));

    sh.resetHistory();
    eb.resetHistory();
    const r1 = await sweep(first);
    const types = r1.result.findings.map((f) => f.type).sort();
    // The key was last used in August: its approvals (identity, key) are also approved but unused.
    expect(types).toEqual(['APPROVED_BUT_UNUSED', 'APPROVED_BUT_UNUSED', 'RECONCILED', 'RECONCILED', 'STALE_ACCESS_KEY', 'UNAPPROVED_ENTITLEMENT', 'UNUSED_ACCESS_KEY']);
    expect(r1.keyExpiry?.deactivated).toBe(1);
    expect(iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'svc-etl', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' }]);
    // The acting run closes the findings of the key it deactivated, and the key approval's unused
    // finding (its only active key is gone), naming the action; the policy and the identity stay open.
    const acted = `${r1.keyExpiry!.executed[0]!.runId}/${r1.keyExpiry!.executed[0]!.findingId}`;
    const keyFindings = r1.result.findings
      .filter((f) => f.type === 'STALE_ACCESS_KEY' || f.type === 'UNUSED_ACCESS_KEY' || (f.type === 'APPROVED_BUT_UNUSED' && f.observed?.kind === 'access-key'))
      .map((f) => f.id)
      .sort();
    expect(keyFindings).toHaveLength(3);
    expect(r1.closedByAction.map((c) => c.findingId).sort()).toEqual(keyFindings);
    expect(r1.closedByAction.every((c) => c.actionId === acted)).toBe(true);
    expect(r1.securityHub).toMatchObject({ imported: 2, closed: 3, archived: 0, failed: [] });
    const sent1 = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
    expect(sent1.filter((f) => f.RecordState === 'ARCHIVED').map((f) => [f.Id, f.Compliance?.Status, f.ProductFields?.['tally/closedByAction']]).sort()).toEqual(keyFindings.map((id) => [id, 'PASSED', acted]));
    expect(sent1.filter((f) => f.RecordState === 'ACTIVE').map((f) => f.ProductFields?.['tally/type']).sort()).toEqual(['APPROVED_BUT_UNUSED', 'UNAPPROVED_ENTITLEMENT']);
    const findingEvents = eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []).filter((e) => e.DetailType === 'Tally Finding');
    expect(findingEvents.map((e) => JSON.parse(e.Detail!).type).sort()).toEqual(['APPROVED_BUT_UNUSED', 'UNAPPROVED_ENTITLEMENT']);
    expect(r1.evidence).toMatchObject({ written: 2, failed: [] });
    const evidenceOf = async (kind: string) => (await store.listAll()).approvals.find((a) => a.approval.entitlement.kind === kind)!;
    expect((await evidenceOf('identity')).evidence).toMatchObject({ outcome: 'RECONCILED' });
    const action = r1.keyExpiry!.executed[0]!;
    const keyApproval = await evidenceOf('access-key');
    expect(keyApproval.evidence).toMatchObject({ outcome: 'DEPROVISIONED', method: `action:${action.runId}`, observed: { removedBy: 'tally', actions: [{ actionId: `${action.runId}/${action.findingId}`, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] } });
    // Without a run counter given, the clients given are counted: reads and every write.
    expect(r1.calls).toMatchObject({
      'iam:GetAccountAuthorizationDetails': 1, 'iam:GetCredentialReport': 1, 'secretsmanager:ListSecrets': 1, 'sts:GetCallerIdentity': 1,
      'securityhub:BatchImportFindings': 1, 'events:PutEvents': 1, 'iam:ListAccessKeys': 1, 'iam:UpdateAccessKey': 1,
    });
    expect(r1.totalCalls).toBe(Object.values(r1.calls).reduce((a, b) => a + b, 0));
    expect(Object.values(r1.phases).every((ms) => ms >= 0)).toBe(true);

    // An hour later IAM hands out the same credential report, which still shows the key Active: the
    // deactivation on record counts it inactive, so nothing reopens and nothing is acted on again.
    sh.resetHistory();
    eb.resetHistory();
    iam.resetHistory();
    const r1b = await sweep(new Date('2026-11-20T01:00:00Z'));
    // The identity is still unused (no active key, no password); the key's approval is no longer a RECONCILED one.
    expect(r1b.result.findings.map((f) => f.type).sort()).toEqual(['APPROVED_BUT_UNUSED', 'RECONCILED', 'UNAPPROVED_ENTITLEMENT']);
    expect(r1b.warnings.join('\n')).toMatch(/1 key\(s\) deactivated by Tally after the credential report of 2026-11-19T23:00:00.000Z counted inactive/);
    // The key's approval was verified at the acting run, after that report: the report cannot say more.
    expect(r1b.result.outcomes.find((o) => o.approvalKey === keyApproval.approvalKey)?.outcome).toBe('UNVERIFIED');
    // The key's unused-approval finding was closed by the acting run already: nothing changed.
    expect(r1b.securityHub).toMatchObject({ imported: 0, closed: 0, archived: 0, unchanged: 2, failed: [] });
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
    expect(eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? [])).toEqual([]);
    expect((await evidenceOf('access-key')).evidence).toMatchObject({ outcome: 'DEPROVISIONED', observed: { removedBy: 'tally' } });

    // The owner detaches the policy. The key Tally deactivated is inactive: the approval that was
    // verified is DEPROVISIONED (and keeps Tally's attribution), never "not provisioned".
    const second = new Date('2026-11-21T00:00:00Z');
    sh.resetHistory();
    iam.resetHistory();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([]));
    iam.on(GetCredentialReportCommand).resolves(report(false, new Date('2026-11-20T23:00:00Z')));
    const r2 = await sweep(second);
    expect(r2.result.findings.map((f) => f.type).sort()).toEqual(['APPROVED_BUT_UNUSED', 'DEPROVISIONED', 'RECONCILED']);
    expect(r2.result.outcomes.map((o) => o.outcome).sort()).toEqual(['DEPROVISIONED', 'RECONCILED']);
    // The identity's unused finding is lowered (the admin policy that made the user privileged is gone).
    expect(r2.securityHub).toMatchObject({ imported: 1, archived: 1, closed: 0, failed: [] });
    const archived = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []).filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.map((f) => f.ProductFields?.['tally/type']).sort()).toEqual(['UNAPPROVED_ENTITLEMENT']);
    expect(archived.every((f) => f.RecordState === 'ARCHIVED' && f.Compliance?.Status === 'PASSED')).toBe(true);
    expect(archived.every((f) => f.Workflow === undefined)).toBe(true);
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
    expect(r2.evidence).toMatchObject({ written: 0, unchanged: 2 });
    expect((await evidenceOf('access-key')).evidence).toMatchObject({ outcome: 'DEPROVISIONED', observed: { removedBy: 'tally' } });
  });

  it('leaves the credential report unread after a bounded number of polls when it stays STARTED and the sweep instant is fixed', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad([]));
    iam.on(GetCredentialReportCommand).rejects(new CredentialReportNotPresentException({ message: 'Credential report not present', $metadata: {} }));
    let polls = 0;
    iam.on(GenerateCredentialReportCommand).callsFake(() => {
      polls += 1;
      if (polls > 200) throw Object.assign(new Error('runaway polling'), { name: 'TestRunaway' });
      return { State: 'STARTED' };
    });
    const slept: number[] = [];
    const input = await liveSweepInput(clients, {
      runId: 'run-stuck-report',
      now: new Date('2026-11-20T00:00:00Z'),
      policy: parsePolicy({}),
      region: 'us-east-1',
      approvals: { kind: 'records', approvals: [] },
      evidence: false,
      sleep: async (ms) => void slept.push(ms),
    });
    const live = await input.readInventory();
    expect(polls).toBeLessThanOrEqual(25);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(180_000);
    expect(live.inventory.coverage.credentialReport).toBe(false);
    expect(live.warnings.join('\n')).toMatch(/credential report not read.*STARTED/);
  });
});
