import { describe, expect, it } from 'vitest';
import { approval, daysAgo, inventory, key, role, roleArn, secret, secretArn, user, userArn } from '../builders';
import { ofType, run } from '../run';

describe('APPROVED_BUT_UNUSED', () => {
  it('reports an approved role not used within the window when its identity approval is older than it', () => {
    const r = run(inventory({ roles: [role('etl', { lastUsedAt: daysAgo(120) })] }), [approval(roleArn('etl'), { kind: 'identity' }, { approvedAt: daysAgo(400) })]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED')[0]).toMatchObject({
      severity: 'LOW',
      title: 'Approved access of role etl unused for 120 days (CHG-1)',
      threshold: { name: 'roleUnusedDays', limitDays: 90, actualDays: 120 },
    });
  });

  it('counts from the approval when the access was last used before it was approved', () => {
    const r = run(inventory({ roles: [role('etl', { lastUsedAt: daysAgo(300) })] }), [approval(roleArn('etl'), { kind: 'identity' }, { approvedAt: daysAgo(30) })]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED')).toEqual([]);
  });

  it('reports an access-key approval by the keys last use and a secret by its last read', () => {
    const inv = inventory({ users: [user('ci', { accessKeys: [key(1, 200, 60)] })], secrets: [secret('db', { lastAccessedAt: daysAgo(100) })] });
    const r = run(inv, [
      approval(userArn('ci'), { kind: 'access-key', maxKeys: 1 }, { approvedAt: daysAgo(300) }),
      approval(secretArn('db'), { kind: 'secret' }, { ticketId: 'CHG-2', approvedAt: daysAgo(300) }),
    ]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED').map((f) => f.threshold?.name)).toEqual(['accessKeyUnusedDays', 'secretUnusedDays']);
  });

  it('reports a used role when Access Analyzer holds an active UnusedIAMRole finding for it', () => {
    const inv = inventory({
      roles: [role('etl', { lastUsedAt: daysAgo(1) })],
      unusedAccess: [{ id: 'f-1', type: 'UnusedIAMRole', principal: roleArn('etl'), lastAccessed: daysAgo(100) }],
    });
    const r = run(inv, [approval(roleArn('etl'), { kind: 'identity' }, { approvedAt: daysAgo(400) })]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED')[0]?.summary).toContain('IAM Access Analyzer: UnusedIAMRole');
  });

  it('reports a key approval just past its window and none just within it, Access Analyzer findings or not', () => {
    const inv = inventory({
      users: [user('ci', { accessKeys: [key(1, 200, 100)] })],
      unusedAccess: [{ id: 'f-1', type: 'UnusedIAMUserAccessKey', principal: userArn('ci'), lastAccessed: daysAgo(100) }],
    });
    const keys = (approvedDaysAgo: number, risk: 'standard' | 'privileged' = 'standard') =>
      ofType(run(inv, [approval(userArn('ci'), { kind: 'access-key', maxKeys: 1 }, { approvedAt: daysAgo(approvedDaysAgo), risk })]), 'APPROVED_BUT_UNUSED');
    expect(keys(46).map((f) => f.threshold)).toEqual([expect.objectContaining({ limitDays: 45, actualDays: 46 })]);
    expect(keys(44)).toEqual([]);
    // Privileged approvals have the shorter window.
    expect(keys(31, 'privileged').map((f) => f.threshold?.limitDays)).toEqual([30]);
    expect(keys(29, 'privileged')).toEqual([]);
  });

  it('does not report an approval that is not present as approved', () => {
    const r = run(inventory(), [approval(roleArn('gone'), { kind: 'identity' }, { approvedAt: daysAgo(400) })]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED')).toEqual([]);
  });
});

describe('APPROVED_BUT_UNUSED when usage was not read', () => {
  it('does not report a user approval when the credential report was not read', () => {
    const inv = inventory({ users: [user('svc', { accessKeys: [] })], coverage: { iam: true, credentialReport: false, secrets: true } });
    const r = run(inv, [approval(userArn('svc'), { kind: 'identity' }, { approvedAt: daysAgo(300) })]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED')).toEqual([]);
  });

  it("does not report a user approval when the user's keys were not read (the event path's scoped read)", () => {
    const inv = inventory({ users: [user('svc', { accessKeys: [] })], unreadParts: [{ principal: userArn('svc'), kind: 'access-key' }] });
    const r = run(inv, [approval(userArn('svc'), { kind: 'identity' }, { approvedAt: daysAgo(300) })]);
    expect(ofType(r, 'APPROVED_BUT_UNUSED')).toEqual([]);
    // Read, the same user with no key and no password use is unused.
    expect(ofType(run(inventory({ users: [user('svc', { accessKeys: [] })] }), [approval(userArn('svc'), { kind: 'identity' }, { approvedAt: daysAgo(300) })]), 'APPROVED_BUT_UNUSED')).toHaveLength(1);
  });
});
