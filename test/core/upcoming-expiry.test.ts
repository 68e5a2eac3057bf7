import { describe, expect, it } from 'vitest';
import type { Approval } from '../../lib/core/approval';
import type { AccessKey, IamUser, Inventory } from '../../lib/core/inventory';
import { parsePolicy } from '../../lib/core/policy';
import { upcomingExpiries, type UpcomingExpiryOptions } from '../../lib/core/upcoming-expiry';
import { approval, inventory, key, NOW, policyAttachment, user } from './builders';
import { run } from './run';

function warnings(inv: Inventory, approvals: Approval[] = [], options: UpcomingExpiryOptions = {}) {
  const result = run(inv, approvals);
  return upcomingExpiries(inv, result, parsePolicy({}), NOW, { approvals, ...options });
}

const withKey = (k: AccessKey, over: Partial<IamUser> = {}) => inventory({ users: [user('svc-a', { accessKeys: [k], ...over })] });
const shifted = (k: AccessKey, ms: number): AccessKey => ({ ...k, createdAt: new Date(Date.parse(k.createdAt) + ms).toISOString() });

describe('upcomingExpiries', () => {
  it('warns in the 14-day window when exactly 14 days are left before the key turns stale', () => {
    const [w, ...rest] = warnings(withKey(key(1, 76, 1)));
    expect(rest).toEqual([]);
    expect(w).toMatchObject({
      userName: 'svc-a',
      slot: 1,
      reason: 'STALE_ACCESS_KEY',
      expiresAt: new Date(Date.parse(NOW) + 14 * 86_400_000).toISOString(),
      daysLeft: 14,
      warnDay: 14,
      threshold: { name: 'accessKeyMaxAgeDays', limitDays: 90 },
      privileged: false,
    });
  });

  it('does not warn when one millisecond more than 14 days is left', () => {
    expect(warnings(withKey(shifted(key(1, 76, 1), 1)))).toEqual([]);
  });

  it('puts a key with exactly 7 days left in the 7-day window', () => {
    expect(warnings(withKey(key(1, 83, 1)))[0]).toMatchObject({ daysLeft: 7, warnDay: 7 });
  });

  it('puts a key with 6 days left in the 7-day window and 8 days left in the 14-day one', () => {
    expect(warnings(withKey(key(1, 84, 1)))[0]).toMatchObject({ daysLeft: 6, warnDay: 7 });
    expect(warnings(withKey(key(1, 82, 1)))[0]).toMatchObject({ daysLeft: 8, warnDay: 14 });
  });

  it('rounds partial days up when the crossing is not on a whole day', () => {
    expect(warnings(withKey(shifted(key(1, 84, 1), -3_600_000)))[0]).toMatchObject({ daysLeft: 6, warnDay: 7 });
  });

  it('still warns with 0 days left when the key crosses exactly now, and not once it is past', () => {
    expect(warnings(withKey(key(1, 90, 1)))[0]).toMatchObject({ daysLeft: 0, warnDay: 7 });
    expect(warnings(withKey(shifted(key(1, 90, 1), -1)))).toEqual([]);
  });

  it('uses the privileged limit for a user with admin-like access', () => {
    const admin = withKey(key(1, 16, 1), { attachedPolicies: [policyAttachment('AdministratorAccess')] });
    expect(warnings(admin)[0]).toMatchObject({ reason: 'STALE_ACCESS_KEY', daysLeft: 14, privileged: true, threshold: { limitDays: 30 } });
    expect(warnings(withKey(key(1, 16, 1)))).toEqual([]);
  });

  it('uses the privileged limit when a privileged approval names the user', () => {
    const inv = withKey(key(1, 20, 1));
    const priv = approval(inv.users[0]!.arn, { kind: 'access-key', maxKeys: 1 }, { risk: 'privileged' });
    expect(warnings(inv, [priv])[0]).toMatchObject({ daysLeft: 10, warnDay: 14, privileged: true });
  });

  it('warns before a used key turns unused', () => {
    expect(warnings(withKey(key(2, 60, 31)))[0]).toMatchObject({
      slot: 2,
      reason: 'UNUSED_ACCESS_KEY',
      daysLeft: 14,
      threshold: { name: 'accessKeyUnusedDays', limitDays: 45 },
    });
  });

  it('warns before a never-used key leaves its grace period', () => {
    expect(warnings(withKey(key(1, 1)))[0]).toMatchObject({
      reason: 'UNUSED_ACCESS_KEY',
      daysLeft: 6,
      warnDay: 7,
      threshold: { name: 'neverUsedKeyGraceDays', limitDays: 7 },
    });
  });

  it('reports the earlier crossing when both thresholds fall in the window', () => {
    expect(warnings(withKey(key(1, 80, 40)))[0]).toMatchObject({ reason: 'UNUSED_ACCESS_KEY', daysLeft: 5 });
  });

  it('skips exempt users, inactive keys and keys already past a threshold', () => {
    expect(warnings(withKey(key(1, 80, 1), { tags: { 'tally:exempt': 'vendor' } }))).toEqual([]);
    expect(warnings(withKey(key(1, 80, 1, false)))).toEqual([]);
    expect(warnings(withKey(key(1, 80, 50)))).toEqual([]);
  });

  it('honours custom warn windows and returns nothing without any', () => {
    expect(warnings(withKey(key(1, 70, 1)), [], { warnDays: [30] })[0]).toMatchObject({ daysLeft: 20, warnDay: 30 });
    expect(warnings(withKey(key(1, 80, 1)), [], { warnDays: [] })).toEqual([]);
  });

  it('gives the same id on a repeated sweep and a new one in the next window', () => {
    const a = warnings(withKey(key(1, 80, 1)))[0]!;
    const b = warnings(withKey(key(1, 80, 1)))[0]!;
    const c = warnings(withKey(key(1, 84, 1)))[0]!;
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });

  it('carries the key id when the inventory has one', () => {
    expect(warnings(withKey({ ...key(1, 80, 1), accessKeyId: 'AKIAEXAMPLE000000001' }))[0]?.accessKeyId).toBe('AKIAEXAMPLE000000001');
  });
});
