import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lib/actions/audit-log';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { applyRevocations } from '../../lib/actions/revocation';
import { DynamoRevocationLog } from '../../lib/actions/revocation-log';
import { restorePartition, revocationActionId } from '../../lib/actions/revocation-record';
import { RestoreRefusedError, restoreRevocation } from '../../lib/actions/restore';
import { createTableInput } from '../../lib/aws/table-spec';
import { awsPolicy, daysAgo, NOW, roleArn, userArn } from '../core/builders';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { iam, iamMock, mockUserKeys } from './iam-fixtures';
import { mockInlinePolicies, offboardingWorld, POLICY_DOC } from './revocation-fixtures';

let db: LocalDynamo;
let audit: DynamoAuditLog;
let log: DynamoRevocationLog;
let tables = 0;
let runs = 0;
const KEY = 'AKIAALICEXXXXXXXXXX1';
const WRITES = [DetachUserPolicyCommand, DetachGroupPolicyCommand, RemoveUserFromGroupCommand, DeleteUserPolicyCommand, DeleteRolePolicyCommand, UpdateAccessKeyCommand, AttachUserPolicyCommand, AttachGroupPolicyCommand, AddUserToGroupCommand, PutUserPolicyCommand, PutRolePolicyCommand];

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  const name = `audit-rst-${++tables}`;
  await db.createTable(createTableInput(name, AUDIT_TABLE));
  audit = new DynamoAuditLog(db.doc, name);
  log = new DynamoRevocationLog(db.doc, name);
  iamMock.reset();
  for (const c of WRITES) iamMock.on(c as typeof DetachUserPolicyCommand).resolves({});
  mockInlinePolicies();
  mockUserKeys('alice', [{ id: KEY, created: daysAgo(100), lastUsed: daysAgo(1) }]);
});

const clock = () => new Date(NOW);
const deps = () => ({ iam, audit, log, clock, wallClock: clock });

/** Revokes the one entitlement of `kind` on `principal` in enforce mode; returns its action id. */
async function revoke(kind: string, principal = userArn('alice')): Promise<string> {
  const { plan } = offboardingWorld();
  const report = await applyRevocations(plan.filter((r) => r.entitlement === kind && r.principalArn === principal), deps(), { runId: `run-${++runs}`, mode: 'enforce' });
  expect(report.revoked).toBe(1);
  iamMock.resetHistory();
  return revocationActionId(report.executed[0]!);
}

describe('restoreRevocation', () => {
  it('re-attaches the managed policy when the revocation detached it', async () => {
    const id = await revoke('managed-policy');
    const r = await restoreRevocation(deps(), { actionId: id });
    expect(iamMock.commandCalls(AttachUserPolicyCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'alice', PolicyArn: awsPolicy('ReadOnlyAccess') }]);
    expect(r.calls).toEqual([`AttachUserPolicy ${awsPolicy('ReadOnlyAccess')} to user alice`]);
  });

  it('re-attaches a group’s managed policy with AttachGroupPolicy when the revocation detached it', async () => {
    const id = await revoke('managed-policy', 'arn:aws:iam::123456789012:group/ops');
    await restoreRevocation(deps(), { actionId: id });
    expect(iamMock.commandCalls(AttachGroupPolicyCommand).map((c) => c.args[0].input)).toEqual([{ GroupName: 'ops', PolicyArn: awsPolicy('AmazonEC2ReadOnlyAccess') }]);
  });

  it('adds the user back to the group when the revocation removed the membership', async () => {
    const id = await revoke('group-membership');
    await restoreRevocation(deps(), { actionId: id });
    expect(iamMock.commandCalls(AddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'alice', GroupName: 'ops' }]);
  });

  it('puts back the inline policy with the saved document when the revocation deleted it', async () => {
    const id = await revoke('inline-policy');
    await restoreRevocation(deps(), { actionId: id });
    const put = iamMock.commandCalls(PutUserPolicyCommand).map((c) => c.args[0].input);
    expect(put).toEqual([{ UserName: 'alice', PolicyName: 'reports', PolicyDocument: expect.any(String) }]);
    expect(JSON.parse(put[0]!.PolicyDocument!)).toEqual(POLICY_DOC);
  });

  it('puts back a role’s inline policy with PutRolePolicy when the revocation deleted it', async () => {
    const id = await revoke('inline-policy', roleArn('app'));
    await restoreRevocation(deps(), { actionId: id });
    expect(iamMock.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input.RoleName)).toEqual(['app']);
  });

  it('reactivates exactly the keys the revocation deactivated when it was an access-key revocation', async () => {
    const id = await revoke('access-key');
    await restoreRevocation(deps(), { actionId: id });
    expect(iamMock.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'alice', AccessKeyId: KEY, Status: 'Active' }]);
  });

  it('records the restore as its own audit action with the state it put back', async () => {
    const id = await revoke('managed-policy');
    await restoreRevocation(deps(), { actionId: id, actor: 'ops@example.com' });
    const runId = id.slice(0, id.indexOf('/'));
    const records = await log.list(restorePartition(runId));
    expect(records.map((r) => [r.phase, r.decision])).toEqual([['plan', 'planned'], ['result', 'restored']]);
    expect(records[1]).toMatchObject({ action: 'restore-entitlement', restores: id, before: { present: false }, after: { present: true }, actor: 'ops@example.com' });
  });

  it('writes nothing when given --dry-run', async () => {
    const id = await revoke('inline-policy');
    const r = await restoreRevocation(deps(), { actionId: id, dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.calls[0]).toContain('PutUserPolicy reports on user alice');
    expect(iamMock.calls()).toEqual([]);
    expect(await log.list(restorePartition(id.slice(0, id.indexOf('/'))))).toEqual([]);
  });

  it('refuses when the action was restored already', async () => {
    const id = await revoke('group-membership');
    await restoreRevocation(deps(), { actionId: id });
    iamMock.resetHistory();
    await expect(restoreRevocation(deps(), { actionId: id })).rejects.toThrow(/already restored at/);
    expect(iamMock.calls()).toEqual([]);
  });

  it('refuses when no audit record exists for the action id', async () => {
    await expect(restoreRevocation(deps(), { actionId: 'no-such-run/tally/123456789012/expired_approval_active/abc' })).rejects.toThrow(/no revocation on record/);
    await expect(restoreRevocation(deps(), { actionId: 'garbage' })).rejects.toBeInstanceOf(RestoreRefusedError);
    expect(iamMock.calls()).toEqual([]);
  });

  it('refuses when the record is not a revocation Tally made', async () => {
    const { plan } = offboardingWorld();
    const report = await applyRevocations(plan.filter((r) => r.entitlement === 'managed-policy' && r.principalArn === userArn('alice')), deps(), { runId: 'report-run' });
    const id = revocationActionId(report.outcomes[0]!);
    await expect(restoreRevocation(deps(), { actionId: id })).rejects.toThrow(/not a revocation Tally made \(decisions on record: planned\)/);
    expect(iamMock.calls()).toEqual([]);
  });
});
