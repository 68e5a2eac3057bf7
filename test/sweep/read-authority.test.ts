import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { toItem } from '../../lib/approvals/approval-item';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import type { Inventory } from '../../lib/core/inventory';
import { parsePolicy } from '../../lib/core/policy';
import { reconcile } from '../../lib/core/reconcile';
import { EventBridgeSink } from '../../lib/sinks/eventbridge';
import { FindingsLedger } from '../../lib/sinks/findings-ledger';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { SecurityHubSink } from '../../lib/sinks/security-hub';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { runPrincipalSweep } from '../../lib/sweep/principal-sweep';
import { ACCOUNT, approval, inventory, key, policyAttachment, user, userArn } from '../core/builders';
import { openEntries } from '../support/ledger-entries';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

/**
 * DESIGN "Trust rules": only a complete read may archive or lower a finding; the event path's scope
 * is the exact principal; an unreadable approval keeps its principal's findings open.
 */
const NOW = '2026-11-20T00:00:00.000Z';
const LATER = '2026-11-20T06:00:00.000Z';
const policy = parsePolicy({});
const OPS_ADMIN = { arn: `arn:aws:iam::${ACCOUNT}:policy/ops-admin`, name: 'ops-admin', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
const opsAdmin = { policyArn: OPS_ADMIN.arn, policyName: OPS_ADMIN.name };

describe('what a read may do to the findings it did not produce', () => {
  const iam = mockClient(IAMClient);
  const sh = mockClient(SecurityHubClient);
  const eb = mockClient(EventBridgeClient);
  const clients = { iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) };
  let db: LocalDynamo;
  let n = 0;
  let store: ApprovalStore;
  let ledger: FindingsLedger;
  let sink: SecurityHubSink;
  let events: EventBridgeSink;

  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());
  beforeEach(async () => {
    n += 1;
    await db.createTable(createTableInput(`approvals-${n}`, APPROVAL_TABLE));
    await db.createTable(createTableInput(`ledger-${n}`, LEDGER_TABLE));
    store = new ApprovalStore(db.doc, `approvals-${n}`);
    ledger = new FindingsLedger({ client: db.doc, tableName: `ledger-${n}` });
    sink = new SecurityHubSink({ client: new SecurityHubClient({ region: 'us-east-1' }), ledger, ctx: { region: 'us-east-1' }, accountId: ACCOUNT, backoffMs: 0 });
    events = new EventBridgeSink({ client: new EventBridgeClient({ region: 'us-east-1' }), eventBusName: 'tally' });
    iam.reset();
    sh.reset();
    eb.reset();
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) }));
  });

  /** A complete read (the scheduled sweep) of `inv` published to Security Hub. */
  async function completeSweep(inv: Inventory, at = NOW) {
    const result = reconcile(inv, (await store.listAll()).approvals.map((s) => s.approval), policy, at);
    await sink.sync({ ...result, findings: result.findings.filter((f) => f.type !== 'RECONCILED') }, at);
    return result;
  }

  /** IAM as the targeted read of user `name` (path `path`) sees it. */
  function iamUser(name: string, path: string, attached: { PolicyName: string; PolicyArn: string }[]) {
    iam.on(GetUserCommand, { UserName: name }).resolves({ User: { Path: path, UserName: name, UserId: `AIDA${name.toUpperCase().padEnd(16, 'X')}`, Arn: userArn(name, path), CreateDate: new Date('2025-01-01T00:00:00Z'), Tags: [] } });
    iam.on(ListAttachedUserPoliciesCommand, { UserName: name }).resolves({ AttachedPolicies: attached, IsTruncated: false });
    iam.on(ListUserPoliciesCommand, { UserName: name }).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListGroupsForUserCommand, { UserName: name }).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAccessKeysCommand, { UserName: name }).resolves({ AccessKeyMetadata: [], IsTruncated: false });
  }

  const imported = (): AwsSecurityFinding[] => sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
  const published = () => eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.Detail!) as { findingId: string; severity: string });

  it('leaves the findings of user/team/alice open when an event names the user team', async () => {
    const alice = user('alice', { path: '/team/', attachedPolicies: [policyAttachment('AdministratorAccess')], accessKeys: [key(1, 200)] });
    await completeSweep(inventory({ users: [alice, user('team')] }));
    const open = await openEntries(ledger, ACCOUNT);
    const ofAlice = open.filter((e) => e.principalArn === alice.arn);
    expect(ofAlice.map((e) => e.asff.Severity.Label)).toContain('CRITICAL');
    expect(ofAlice).toHaveLength(5);
    sh.resetHistory();

    iamUser('team', '/', []);
    const report = await runPrincipalSweep({ clients, ref: { userName: 'team' }, approvals: store, policy, now: new Date(LATER), via: { path: 'event', eventId: 'e-1', eventName: 'CreateUser', eventTime: '2026-11-20T00:00:00Z' }, securityHub: sink });

    expect(report.securityHub).toMatchObject({ archived: 0 });
    expect(imported().filter((f) => f.RecordState === 'ARCHIVED')).toEqual([]);
    expect((await ledger.load(ACCOUNT)).map((e) => e.findingId).sort()).toEqual(open.map((e) => e.findingId).sort());
  });

  it('keeps a privileged finding at the severity a complete read gave it when the event path cannot see the policy document', async () => {
    const alice = user('alice', { attachedPolicies: [opsAdmin] });
    await store.put(approval(alice.arn, { kind: 'identity' }));
    const complete = await completeSweep(inventory({ users: [alice], policies: [OPS_ADMIN] }));
    const [shadow] = complete.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT');
    expect(shadow).toMatchObject({ privileged: true });
    sh.resetHistory();

    iamUser('alice', '/', [{ PolicyName: opsAdmin.policyName, PolicyArn: opsAdmin.policyArn }]);
    const report = await runPrincipalSweep({ clients, ref: { userName: 'alice' }, approvals: store, policy, now: new Date(LATER), via: { path: 'event', eventId: 'e-1', eventName: 'TagUser', eventTime: '2026-11-20T00:00:00Z' }, securityHub: sink, events });

    const seen = report.result!.findings.find((f) => f.id === shadow!.id)!;
    expect(seen.privileged).toBe(false);
    expect(report.securityHub!.withheld.map((w) => w.findingId)).toEqual([shadow!.id]);
    expect(imported()).toEqual([]);
    const [entry] = await openEntries(ledger, ACCOUNT);
    expect(entry!.asff.Severity.Label).toBe(shadow!.severity);
    expect(published().map((d) => d.findingId)).not.toContain(shadow!.id);
  });

  it('keeps findings open and reports the field when an approval naming the principal is unreadable', async () => {
    const alice = user('alice', { attachedPolicies: [policyAttachment('AmazonS3ReadOnlyAccess')] });
    const expired = approval(alice.arn, { kind: 'managed-policy', policyArn: policyAttachment('AmazonS3ReadOnlyAccess').policyArn }, { expiresAt: '2026-11-01T00:00:00.000Z' });
    const stored = await store.put(expired);
    await store.put(approval(alice.arn, { kind: 'identity' }));
    await completeSweep(inventory({ users: [alice] }));
    const before = await openEntries(ledger, ACCOUNT);
    expect(before.map((e) => e.type)).toEqual(['EXPIRED_APPROVAL_ACTIVE']);
    sh.resetHistory();

    await db.doc.send(new PutCommand({ TableName: `approvals-${n}`, Item: { ...toItem(expired, stored.version), expiresAt: '1st of November' } }));
    const report = await runAccountSweep({
      runId: 'run-1',
      now: new Date(LATER),
      policy,
      readInventory: async () => ({ inventory: inventory({ users: [alice], readAt: LATER }), warnings: [], calls: {}, totalCalls: 0 }),
      approvals: { kind: 'store', store },
      publish: { securityHub: sink, events },
    });

    expect(report.invalidApprovals).toEqual([{ approvalKey: stored.approvalKey, principal: alice.arn, field: 'expiresAt', error: expect.stringContaining('expiresAt') }]);
    expect(report.securityHub).toMatchObject({ archived: 0, held: 1 });
    expect(imported().filter((f) => f.RecordState === 'ARCHIVED')).toEqual([]);
    expect((await ledger.load(ACCOUNT)).map((e) => e.findingId)).toContain(before[0]!.findingId);
  });

  it('archives on a complete read once nothing protects the principal', async () => {
    const alice = user('alice', { attachedPolicies: [policyAttachment('AmazonS3ReadOnlyAccess')] });
    await store.put(approval(alice.arn, { kind: 'identity' }));
    await completeSweep(inventory({ users: [alice] }));
    expect(await ledger.load(ACCOUNT)).toHaveLength(1);
    const report = await runAccountSweep({
      runId: 'run-2',
      now: new Date(LATER),
      policy,
      readInventory: async () => ({ inventory: inventory({ users: [user('alice')], readAt: LATER }), warnings: [], calls: {}, totalCalls: 0 }),
      approvals: { kind: 'store', store },
      publish: { securityHub: sink },
    });
    expect(report.securityHub).toMatchObject({ archived: 1, held: 0 });
    expect(await ledger.load(ACCOUNT)).toEqual([]);
  });
});
