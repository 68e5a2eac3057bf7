import { describe, expect, it } from 'vitest';
import { daysAgo, inventory, key, user } from '../builders';
import { ofType, run } from '../run';

describe('UNUSED_ACCESS_KEY', () => {
  it('reports a key last used more than 45 days ago', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(1, 60, 80)] })] }));
    expect(ofType(r, 'UNUSED_ACCESS_KEY')[0]).toMatchObject({
      control: 'IAM.22',
      threshold: { name: 'accessKeyUnusedDays', limitDays: 45, actualDays: 80 },
    });
  });

  it('does not report a key used exactly 45 days ago', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(1, 60, 45)] })] }));
    expect(ofType(r, 'UNUSED_ACCESS_KEY')).toEqual([]);
  });

  it('gives a never-used key created two hours ago its grace period', () => {
    const fresh = { ...key(1, 0), createdAt: new Date(Date.parse(daysAgo(0)) - 2 * 3_600_000).toISOString() };
    const r = run(inventory({ users: [user('svc-new', { accessKeys: [fresh] })] }));
    expect(ofType(r, 'UNUSED_ACCESS_KEY')).toEqual([]);
  });

  it('reports a never-used key once it is older than the grace period', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(1, 30)] })] }));
    expect(ofType(r, 'UNUSED_ACCESS_KEY')[0]).toMatchObject({ threshold: { name: 'neverUsedKeyGraceDays', limitDays: 7, actualDays: 30 } });
  });

  it('plans one deactivation for a key that is both stale and unused', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(2, 200, 100)] })] }));
    expect(ofType(r, 'STALE_ACCESS_KEY')).toHaveLength(1);
    expect(ofType(r, 'UNUSED_ACCESS_KEY')).toHaveLength(1);
    expect(r.actions).toHaveLength(1);
    expect(r.actions[0]).toMatchObject({ kind: 'deactivate-access-key', userName: 'svc-a', accessKeySlot: 2 });
    expect(r.actions[0]!.reason).toContain('STALE_ACCESS_KEY');
    expect(r.actions[0]!.reason).toContain('UNUSED_ACCESS_KEY');
  });
});
