import { describe, expect, it } from 'vitest';
import { auditSortKey, type AuditRecord } from '../../lib/actions/audit-table';
import { closedByActions, closingAction, withoutClosed } from '../../lib/sweep/closed-by-action';
import { approval, daysAgo, inventory, key, NOW, user, userArn } from '../core/builders';
import { run } from '../core/run';

function deactivated(name: string, slot: 1 | 2, findingId: string): AuditRecord {
  return {
    runId: 'run-1', sk: auditSortKey(findingId, 'result', 'deactivated'), seq: 0, phase: 'result', findingId, action: 'deactivate-access-key', mode: 'enforce',
    decision: 'deactivated', reason: 'STALE_ACCESS_KEY', userArn: userArn(name), userName: name, accessKeySlot: slot, accessKeyId: `AKIA${slot}EXAMPLEKEY00000`,
    before: { status: 'Active', lastUsed: null }, after: { status: 'Inactive' }, actor: 'tally', at: NOW,
  };
}

describe('closedByActions', () => {
  // svc-a: key 1 stale and unused (two findings), key 2 fresh and approved; svc-b: a stale key not acted on.
  const inv = inventory({ users: [user('svc-a', { accessKeys: [key(1, 200, 100), key(2, 5, 1)] }), user('svc-b', { accessKeys: [key(1, 200, 100)] })] });
  const result = run(inv, [approval(userArn('svc-a'), { kind: 'access-key', maxKeys: 2 })]);
  const acted = result.actions.find((a) => a.userArn === userArn('svc-a'))!;

  it('closes every finding about the deactivated key with its action, none of another key or user, no evidence', () => {
    const closed = closedByActions(result, [deactivated('svc-a', 1, acted.findingId)]);
    expect([...closed]).toEqual([[`${userArn('svc-a')}/access-key/1`, `run-1/${acted.findingId}`]]);
    const open = withoutClosed(result, closed);
    const gone = result.findings.filter((f) => !open.findings.includes(f));
    expect(gone.map((f) => f.type).sort()).toEqual(['STALE_ACCESS_KEY', 'UNUSED_ACCESS_KEY']);
    expect(gone.every((f) => f.resource.principalArn === userArn('svc-a') && f.resource.accessKeySlot === 1)).toBe(true);
    expect(open.findings.some((f) => f.type === 'RECONCILED')).toBe(true);
    expect(open.findings.filter((f) => f.resource.principalArn === userArn('svc-b')).length).toBeGreaterThan(0);
  });

  it('closes nothing without a deactivation', () => {
    expect(closedByActions(result, []).size).toBe(0);
    expect(withoutClosed(result, new Map())).toBe(result);
  });

  describe('approved but unused keys', () => {
    // svc-c: one key, 200 days old, last used 100 days ago, approved: stale, unused and approved but unused.
    const one = inventory({ users: [user('svc-c', { accessKeys: [key(1, 200, 100)] })] });
    const old = { approvedAt: daysAgo(300) };
    const approved = run(one, [approval(userArn('svc-c'), { kind: 'identity' }, old), approval(userArn('svc-c'), { kind: 'access-key', maxKeys: 1 }, old)]);
    const keyAction = approved.actions.find((a) => a.userArn === userArn('svc-c'))!;
    const unusedKeys = (r: typeof approved) => r.findings.filter((f) => f.type === 'APPROVED_BUT_UNUSED' && f.observed?.kind === 'access-key');

    it('closes the approval of the key as unused with the action when the run deactivates its only active key', () => {
      expect(unusedKeys(approved)).toHaveLength(1);
      const closed = closedByActions(approved, [deactivated('svc-c', 1, keyAction.findingId)]);
      const open = withoutClosed(approved, closed);
      expect(unusedKeys(open)).toEqual([]);
      const finding = unusedKeys(approved)[0]!;
      expect(closingAction(finding, closed)).toBe(`run-1/${keyAction.findingId}`);
      // The identity's own approved-but-unused finding is about the user, not the key: it stays open.
      expect(open.findings.filter((f) => f.type === 'APPROVED_BUT_UNUSED').map((f) => f.observed?.kind)).toEqual(['identity']);
    });

    it('keeps the approval of keys as unused open when another active key of the user stays unused', () => {
      const two = inventory({ users: [user('svc-c', { accessKeys: [key(1, 200, 100), key(2, 60, 50)] })] });
      const r = run(two, [approval(userArn('svc-c'), { kind: 'access-key', maxKeys: 2 }, old)]);
      expect(unusedKeys(r)).toHaveLength(1);
      const acted1 = r.actions.find((a) => a.userArn === userArn('svc-c'))!;
      expect(unusedKeys(withoutClosed(r, closedByActions(r, [deactivated('svc-c', 1, acted1.findingId)])))).toHaveLength(1);
    });
  });
});
