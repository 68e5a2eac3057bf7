import { describe, expect, it } from 'vitest';
import { auditSortKey, type AuditRecord } from '../../lib/actions/audit-table';
import { closedByActions, withoutClosed } from '../../lib/sweep/closed-by-action';
import { approval, inventory, key, NOW, user, userArn } from '../core/builders';
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
});
