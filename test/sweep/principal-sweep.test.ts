import {
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import type { ApprovedEntitlement } from '../../lib/core/approval';
import { parsePolicy } from '../../lib/core/policy';
import type { UserReadScope } from '../../lib/inventory/read-scope';
import { FindingsLedger } from '../../lib/sinks/findings-ledger';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { SecurityHubSink } from '../../lib/sinks/security-hub';
import { runPrincipalSweep } from '../../lib/sweep/principal-sweep';
import { openEntries } from '../support/ledger-entries';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const ACCOUNT = '123456789012';
const ALICE = `arn:aws:iam::${ACCOUNT}:user/staff/alice`;
const admin = { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };

describe('principal sweep (event path)', () => {
  const iam = mockClient(IAMClient);
  const sh = mockClient(SecurityHubClient);
  let db: LocalDynamo;
  let store: ApprovalStore;
  let sink: SecurityHubSink;
  let ledger: FindingsLedger;
  const clients = { iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) };

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
    await db.createTable(createTableInput('ledger', LEDGER_TABLE));
    store = new ApprovalStore(db.doc, 'approvals');
    await store.put({ ticketId: 'ACC-1', principal: ALICE, entitlement: { kind: 'identity' }, approvedBy: 'bob@example.com', approvedAt: '2026-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' });
    ledger = new FindingsLedger({ client: db.doc, tableName: 'ledger' });
    sink = new SecurityHubSink({ client: new SecurityHubClient({ region: 'us-east-1' }), ledger, ctx: { region: 'us-east-1' }, accountId: ACCOUNT, backoffMs: 0 });
  });
  afterAll(() => db.stop());
  beforeEach(() => {
    iam.reset();
    sh.reset();
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    iam.on(GetUserCommand).resolves({ User: { Path: '/staff/', UserName: 'alice', UserId: 'AIDAEXAMPLEALICE0001', Arn: ALICE, CreateDate: new Date('2026-01-02T00:00:00Z'), Tags: [] } });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
  });

  const sweep = (now: string, eventName = 'AttachUserPolicy') =>
    runPrincipalSweep({ clients, ref: { userName: 'alice' }, approvals: store, policy: parsePolicy({}), now: new Date(now), via: { path: 'event', eventId: `e-${now}`, eventName, eventTime: now }, securityHub: sink });

  it('raises an unapproved admin policy on the one user, and leaves closing it to a complete read once detached', async () => {
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [admin], IsTruncated: false });
    const first = await sweep('2026-11-20T10:00:00Z');
    expect(first.result?.findings.map((f) => [f.type, f.severity])).toEqual(
      expect.arrayContaining([['UNAPPROVED_ENTITLEMENT', 'CRITICAL'], ['RECONCILED', 'INFORMATIONAL']]),
    );
    // alice has never used a password or a key since her identity was approved: approved but unused, too.
    expect(first.securityHub).toMatchObject({ imported: 2, failed: [] });
    expect(first.calls).toBeLessThanOrEqual(8);
    expect(first.evidence).toMatchObject({ written: 1 });

    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    const second = await sweep('2026-11-20T11:00:00Z', 'DetachUserPolicy');
    expect(second.result?.findings.map((f) => f.type).sort()).toEqual(['APPROVED_BUT_UNUSED', 'RECONCILED']);
    // The detached policy's finding is held; the unused finding's lower severity (no longer privileged) is withheld: both for a complete read.
    expect(second.securityHub).toMatchObject({ imported: 0, archived: 0, held: 1, withheld: [expect.objectContaining({ reason: 'severity MEDIUM → LOW' })] });
    expect(await ledger.load(ACCOUNT)).toHaveLength(2);
  });

  it('holds the findings of parts a scoped read left out and withholds lowering those of the part it read, when an event reads one inline policy', async () => {
    const CAROL = `arn:aws:iam::${ACCOUNT}:user/carol`;
    const queue = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
    const approve = (ticketId: string, entitlement: ApprovedEntitlement) =>
      store.put({ ticketId, principal: CAROL, entitlement, approvedBy: 'bob@example.com', approvedAt: '2026-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' });
    await approve('C-ID', { kind: 'identity' });
    await approve('C-KEY', { kind: 'access-key', maxKeys: 1 });
    iam.on(GetUserCommand).resolves({ User: { Path: '/', UserName: 'carol', UserId: 'AIDAEXAMPLECAROL0001', Arn: CAROL, CreateDate: new Date('2026-01-02T00:00:00Z'), Tags: [] } });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [admin], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['queue'], IsTruncated: false });
    iam.on(GetUserPolicyCommand).resolves({ UserName: 'carol', PolicyName: 'queue', PolicyDocument: encodeURIComponent(JSON.stringify(queue)) });
    const run = (now: string, scope?: UserReadScope) =>
      runPrincipalSweep({ clients, ref: { userName: 'carol' }, ...(scope ? { scope } : {}), approvals: store, policy: parsePolicy({}), now: new Date(now), via: { path: 'event', eventId: 'e-1', eventName: 'PutUserPolicy', eventTime: '2026-11-20T00:00:00Z' }, securityHub: sink });
    const open = async () => (await openEntries(ledger, ACCOUNT)).filter((e) => e.principalArn === CAROL && e.state === 'ACTIVE').map((e) => [e.type, e.asff.Severity.Label]).sort();

    const full = await run('2026-11-20T12:00:00Z');
    expect(full.result?.outcomes.find((o) => o.ticketId === 'C-KEY')?.outcome).toBe('APPROVED_NOT_PROVISIONED');
    const before = await open();
    expect(before).toEqual([['APPROVED_BUT_UNUSED', 'MEDIUM'], ['APPROVED_NOT_PROVISIONED', 'MEDIUM'], ['UNAPPROVED_ENTITLEMENT', 'CRITICAL'], ['UNAPPROVED_ENTITLEMENT', 'HIGH']]);

    iam.resetHistory();
    sh.resetHistory();
    const scoped = await run('2026-11-20T13:00:00Z', { parts: ['inline-policy'], inlinePolicy: { name: 'queue', put: true } });
    expect(scoped.calls).toBe(2);
    expect(iam.commandCalls(ListAttachedUserPoliciesCommand)).toEqual([]);
    // The key was not read: its approval is UNVERIFIED, not "not provisioned"; the admin policy was not read: its finding is held.
    expect(scoped.result?.outcomes.find((o) => o.ticketId === 'C-KEY')?.outcome).toBe('UNVERIFIED');
    expect(scoped.result?.findings.map((f) => f.type).sort()).toEqual(['RECONCILED', 'UNAPPROVED_ENTITLEMENT']);
    // Read alone, the inline policy cannot tell carol is privileged: the lower severity is withheld, not sent.
    expect(scoped.securityHub).toMatchObject({ imported: 0, archived: 0, held: 3, withheld: [expect.objectContaining({ reason: 'severity HIGH → MEDIUM' })] });
    expect(sh.commandCalls(BatchImportFindingsCommand)).toEqual([]);
    expect(await open()).toEqual(before);
  });

  it('reports a principal that no longer exists as not found without raising anything', async () => {
    iam.on(GetUserCommand).rejects(new NoSuchEntityException({ message: 'The user with name alice cannot be found.', $metadata: {} }));
    const r = await sweep('2026-11-20T12:00:00Z', 'DeleteUser');
    expect(r).toEqual({ found: false, invalidApprovals: [], calls: 1 });
    expect(sh.commandCalls(BatchImportFindingsCommand)).toEqual([]);
  });
});
