import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lib/actions/audit-log';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { applyRevocations, revocationClaimId, type RevocationDeps } from '../../lib/actions/revocation';
import { DynamoRevocationLog } from '../../lib/actions/revocation-log';
import { revocationPartition } from '../../lib/actions/revocation-record';
import { createTableInput } from '../../lib/aws/table-spec';
import { DETAIL_SCHEMAS, DETAIL_TYPES } from '../../lib/sinks/event-schemas';
import { revocationExecutedEvents } from '../../lib/sinks/eventbridge-events';
import type { PlannedRevocation } from '../../lib/core/revocation-plan';
import { awsPolicy, daysAgo, NOW, userArn } from '../core/builders';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { iam, iamMock, mockUserKeys } from './iam-fixtures';
import { mockInlinePolicies, offboardingWorld, POLICY_DOC } from './revocation-fixtures';

let db: LocalDynamo;
let audit: DynamoAuditLog;
let log: DynamoRevocationLog;
let tables = 0;
let runs = 0;
const nextRun = () => `rev-run-${++runs}`;
const KEY = 'AKIAALICEXXXXXXXXXX1';

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  const name = `audit-rev-${++tables}`;
  await db.createTable(createTableInput(name, AUDIT_TABLE));
  audit = new DynamoAuditLog(db.doc, name);
  log = new DynamoRevocationLog(db.doc, name);
  iamMock.reset();
  for (const c of [DetachUserPolicyCommand, DetachGroupPolicyCommand, RemoveUserFromGroupCommand, DeleteUserPolicyCommand, DeleteRolePolicyCommand, UpdateAccessKeyCommand]) iamMock.on(c as typeof DetachUserPolicyCommand).resolves({});
  mockInlinePolicies();
  mockUserKeys('alice', [{ id: KEY, created: daysAgo(100), lastUsed: daysAgo(1) }]);
});

const deps = (over: Partial<RevocationDeps> = {}): RevocationDeps => ({ iam, audit, log, clock: () => new Date(NOW), wallClock: () => new Date(NOW), ...over });
const writes = () => iamMock.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, '')).filter((n) => !/^(Get|List)/.test(n));
const only = (plan: PlannedRevocation[], entitlement: string, principal = userArn('alice')) => plan.filter((r) => r.entitlement === entitlement && r.principalArn === principal);

describe('applyRevocations', () => {
  it('audits every revocation as planned and writes nothing to IAM when in report mode (the default)', async () => {
    const { plan } = offboardingWorld();
    const runId = nextRun();
    const report = await applyRevocations(plan, deps(), { runId });
    expect(report).toMatchObject({ mode: 'report', revoked: 0, blockedByCap: false, blocked: { count: 0 } });
    expect(iamMock.calls()).toEqual([]);
    const records = await log.list(revocationPartition(runId));
    expect(records.filter((r) => r.decision === 'planned').map((r) => r.entitlement).sort()).toEqual(['access-key', 'group-membership', 'inline-policy', 'inline-policy', 'managed-policy', 'managed-policy']);
    expect(records.filter((r) => r.decision === 'skipped-report-only').map((r) => r.entitlement)).toEqual(['identity']);
  });

  it('detaches exactly the managed policy the approval named when in enforce mode', async () => {
    const { plan } = offboardingWorld();
    const runId = nextRun();
    const report = await applyRevocations(only(plan, 'managed-policy'), deps(), { runId, mode: 'enforce' });
    expect(report.revoked).toBe(1);
    expect(iamMock.commandCalls(DetachUserPolicyCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'alice', PolicyArn: awsPolicy('ReadOnlyAccess') }]);
    expect(writes()).toEqual(['DetachUserPolicy']);
    const result = report.outcomes[0]!;
    expect(result).toMatchObject({ phase: 'result', decision: 'revoked', before: { present: true }, after: { present: false }, tickets: ['T-MP'] });
    expect(report.executed).toHaveLength(1);
  });

  it('detaches a group’s managed policy with DetachGroupPolicy when the group’s approval expired', async () => {
    const { plan } = offboardingWorld();
    await applyRevocations(only(plan, 'managed-policy', 'arn:aws:iam::123456789012:group/ops'), deps(), { runId: nextRun(), mode: 'enforce' });
    expect(iamMock.commandCalls(DetachGroupPolicyCommand).map((c) => c.args[0].input)).toEqual([{ GroupName: 'ops', PolicyArn: awsPolicy('AmazonEC2ReadOnlyAccess') }]);
  });

  it('removes the user from exactly the group the approval named when in enforce mode', async () => {
    const { plan } = offboardingWorld();
    await applyRevocations(only(plan, 'group-membership'), deps(), { runId: nextRun(), mode: 'enforce' });
    expect(iamMock.commandCalls(RemoveUserFromGroupCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'alice', GroupName: 'ops' }]);
    expect(writes()).toEqual(['RemoveUserFromGroup']);
  });

  it('saves the URL-decoded policy document in the audit record before deleting the inline policy when in enforce mode', async () => {
    const { plan } = offboardingWorld();
    const runId = nextRun();
    await applyRevocations(only(plan, 'inline-policy'), deps(), { runId, mode: 'enforce' });
    const names = iamMock.calls().map((c) => (c.args[0] as object).constructor.name);
    expect(names).toEqual(['GetUserPolicyCommand', 'DeleteUserPolicyCommand']);
    const records = await log.list(revocationPartition(runId));
    const planned = records.find((r) => r.phase === 'plan' && r.decision === 'planned')!;
    expect(JSON.parse(planned.before!.document!)).toEqual(POLICY_DOC);
    expect(records.find((r) => r.decision === 'revoked')!.before!.document).toBe(planned.before!.document);
  });

  it('deletes a role’s inline policy with DeleteRolePolicy when the role’s approval expired', async () => {
    const { plan } = offboardingWorld();
    await applyRevocations(only(plan, 'inline-policy', 'arn:aws:iam::123456789012:role/app'), deps(), { runId: nextRun(), mode: 'enforce' });
    expect(iamMock.commandCalls(DeleteRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'app', PolicyName: 'app-data' }]);
  });

  it('deactivates the user’s active keys with UpdateAccessKey Inactive, never deleting them, when the access-key approval expired', async () => {
    const { plan } = offboardingWorld();
    const runId = nextRun();
    const report = await applyRevocations(only(plan, 'access-key'), deps(), { runId, mode: 'enforce' });
    expect(iamMock.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'alice', AccessKeyId: KEY, Status: 'Inactive' }]);
    expect(report.outcomes[0]).toMatchObject({ decision: 'revoked', before: { present: true, activeKeys: [KEY] }, after: { present: false, activeKeys: [] } });
  });

  it('yields one valid Tally Action Executed event naming the action id when a revocation succeeded', async () => {
    const { plan } = offboardingWorld();
    const runId = nextRun();
    const report = await applyRevocations(only(plan, 'inline-policy'), deps(), { runId, mode: 'enforce' });
    const events = revocationExecutedEvents(report.executed);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ detailType: DETAIL_TYPES.actionExecuted, id: `${runId}/${plan[0] && only(plan, 'inline-policy')[0]!.findingId}`, detail: { action: 'revoke-entitlement', entitlement: 'inline-policy', outcome: 'revoked' } });
    expect(DETAIL_SCHEMAS[DETAIL_TYPES.actionExecuted].safeParse(events[0]!.detail).success).toBe(true);
  });

  it('reports identity, role-trust and secret revocations as skipped and never writes when in enforce mode', async () => {
    const { plan } = offboardingWorld();
    const report = await applyRevocations(only(plan, 'identity'), deps(), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-report-only', reason: expect.stringContaining('never deletes users or roles') });
    expect(iamMock.calls()).toEqual([]);
  });

  it('records already-absent when IAM answers NoSuchEntity to the detach', async () => {
    const { plan } = offboardingWorld();
    iamMock.on(DetachUserPolicyCommand).rejects(Object.assign(new Error('Policy arn:aws:iam::aws:policy/ReadOnlyAccess was not found.'), { name: 'NoSuchEntityException' }));
    const report = await applyRevocations(only(plan, 'managed-policy'), deps(), { runId: nextRun(), mode: 'enforce' });
    expect(report).toMatchObject({ revoked: 0, executed: [] });
    expect(report.outcomes[0]).toMatchObject({ phase: 'result', decision: 'already-absent' });
  });

  it('records the failure and goes on when an IAM write is denied', async () => {
    const { plan } = offboardingWorld();
    iamMock.on(RemoveUserFromGroupCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const report = await applyRevocations([...only(plan, 'group-membership'), ...only(plan, 'managed-policy')], deps(), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes.map((o) => o.decision)).toEqual(['failed', 'revoked']);
  });
});

describe('revocation rails', () => {
  it('acts on nothing when the approval expired less than the grace period ago', async () => {
    const { plan } = offboardingWorld();
    const recent = only(plan, 'managed-policy').map((r) => ({ ...r, endedAt: daysAgo(3) }));
    const report = await applyRevocations(recent, deps(), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-grace', reason: expect.stringContaining(`approval expired ${daysAgo(3)}; grace of 7 days ends`) });
    expect(writes()).toEqual([]);
  });

  it('counts the grace of a revoked approval from its first sighting when the approval has no end time', async () => {
    const { plan } = offboardingWorld();
    const revoked = only(plan, 'managed-policy').map(({ endedAt: _e, ...r }) => r);
    const first = await applyRevocations(revoked, deps(), { runId: nextRun(), mode: 'enforce' });
    expect(first.outcomes[0]).toMatchObject({ decision: 'skipped-grace', reason: expect.stringContaining(`first seen revoked ${NOW}`) });
    const later = new Date(Date.parse(NOW) + 8 * 86_400_000);
    // A later run has its own audit log (one reads the account's memory once).
    const second = await applyRevocations(revoked, deps({ audit: new DynamoAuditLog(db.doc, audit.tableName), clock: () => later, wallClock: () => later }), { runId: nextRun(), mode: 'enforce' });
    expect(second.outcomes[0]).toMatchObject({ decision: 'revoked' });
  });

  it('skips a break-glass principal when it is tagged tally:break-glass', async () => {
    const { plan, inv } = offboardingWorld({ aliceTags: { 'tally:break-glass': 'true' } });
    const tags = new Map(inv.users.map((u) => [u.arn, u.tags]));
    const report = await applyRevocations(only(plan, 'managed-policy'), deps({ principalTags: (a) => tags.get(a) }), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-break-glass' });
    expect(writes()).toEqual([]);
  });

  it('skips a break-glass principal when it is listed by name', async () => {
    const { plan } = offboardingWorld();
    const report = await applyRevocations(only(plan, 'group-membership'), deps(), { runId: nextRun(), mode: 'enforce', breakGlass: { principals: ['alice'] } });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-break-glass' });
    expect(writes()).toEqual([]);
  });

  it('writes nothing and says why when the kill switch is on', async () => {
    const { plan } = offboardingWorld();
    const report = await applyRevocations(only(plan, 'managed-policy'), deps({ killSwitch: () => true }), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-kill-switch' });
    expect(report.blocked.byReason['kill-switch']?.count).toBe(1);
    expect(writes()).toEqual([]);
  });

  it('counts the kill switch as on when it cannot be read', async () => {
    const { plan } = offboardingWorld();
    const report = await applyRevocations(only(plan, 'managed-policy'), deps({ killSwitch: () => Promise.reject(new Error('throttled')) }), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-kill-switch', reason: expect.stringContaining('unreadable') });
    expect(writes()).toEqual([]);
  });

  it('stops before the first write when the plan is over maxRevocations', async () => {
    const { plan } = offboardingWorld();
    const report = await applyRevocations(plan, deps(), { runId: nextRun(), mode: 'enforce', maxRevocations: 2 });
    expect(report.blockedByCap).toBe(true);
    expect(report.outcomes.filter((o) => o.decision === 'blocked-by-cap')).toHaveLength(6);
    expect(writes()).toEqual([]);
  });

  it('holds the daily cap across runs when an earlier run of the day used it up', async () => {
    const { plan } = offboardingWorld();
    await applyRevocations(only(plan, 'managed-policy'), deps(), { runId: nextRun(), mode: 'enforce', maxRevocations: 1 });
    const second = await applyRevocations(only(plan, 'group-membership'), deps(), { runId: nextRun(), mode: 'enforce', maxRevocations: 1 });
    expect(second.outcomes[0]).toMatchObject({ decision: 'blocked-by-cap', reason: expect.stringContaining('revocations in account 123456789012') });
    expect(writes()).toEqual(['DetachUserPolicy']);
  });

  it('counts revocations apart from key deactivations when the key cap is used up', async () => {
    const { plan } = offboardingWorld();
    await audit.takeSlot({ accountId: '123456789012', day: NOW.slice(0, 10), cap: 1, runId: 'key-run', accessKeyId: 'AKIAOTHER', at: NOW });
    const report = await applyRevocations(only(plan, 'managed-policy'), deps(), { runId: nextRun(), mode: 'enforce', maxRevocations: 1 });
    expect(report.revoked).toBe(1);
  });

  it('leaves the entitlement to the other run when another run holds its claim', async () => {
    const { plan } = offboardingWorld();
    const target = only(plan, 'managed-policy');
    await audit.claim(revocationClaimId(target[0]!), 'other-run', NOW, new Date(Date.parse(NOW) + 600_000).toISOString());
    const report = await applyRevocations(target, deps(), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-concurrent-run' });
    expect(writes()).toEqual([]);
  });

  it('revokes once when two runs race on one entitlement', async () => {
    const { plan } = offboardingWorld();
    const target = only(plan, 'managed-policy');
    const [a, b] = await Promise.all([
      applyRevocations(target, deps(), { runId: nextRun(), mode: 'enforce' }),
      applyRevocations(target, deps(), { runId: nextRun(), mode: 'enforce' }),
    ]);
    expect(a.revoked + b.revoked).toBe(1);
    expect(iamMock.commandCalls(DetachUserPolicyCommand)).toHaveLength(1);
  });

  it('does not act again when a retry of the run finds its revocation on record', async () => {
    const { plan } = offboardingWorld();
    const runId = nextRun();
    await applyRevocations(only(plan, 'managed-policy'), deps(), { runId, mode: 'enforce' });
    const retry = await applyRevocations(only(plan, 'managed-policy'), deps(), { runId, mode: 'enforce' });
    expect(retry.outcomes[0]).toMatchObject({ decision: 'already-absent' });
    expect(retry.executed).toHaveLength(1);
    expect(iamMock.commandCalls(DetachUserPolicyCommand)).toHaveLength(1);
  });

  it('skips an exempt principal when an approval in force exempts it', async () => {
    const alice = userArn('alice');
    const { plan } = offboardingWorld({
      approvals: [
        { ticketId: 'T-MP', principal: alice, entitlement: { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, approvedBy: 'a', approvedAt: daysAgo(200), expiresAt: daysAgo(30), risk: 'standard', status: 'approved' },
        { ticketId: 'T-EX', principal: alice, entitlement: { kind: 'identity' }, approvedBy: 'a', approvedAt: daysAgo(10), risk: 'standard', status: 'approved', exempt: true, exemptReason: 'legal hold' },
      ],
    });
    const report = await applyRevocations(only(plan, 'managed-policy'), deps(), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-exempt', reason: expect.stringContaining('legal hold') });
    expect(writes()).toEqual([]);
    expect(iamMock.commandCalls(GetUserPolicyCommand)).toHaveLength(0);
  });
});
