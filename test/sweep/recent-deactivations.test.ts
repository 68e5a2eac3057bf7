import { describe, expect, it } from 'vitest';
import { deactivationKey, type Deactivation } from '../../lib/actions/audit-table';
import { MemoryAuditLog } from '../../lib/actions/memory-audit-log';
import { applyRecentDeactivations, withDeactivations } from '../../lib/sweep/recent-deactivations';
import { daysAgo, inventory, key, NOW, user, userArn } from '../core/builders';

const hoursAfterNow = (h: number) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString();

function off(name: string, slot: 1 | 2, at: string, over: Partial<Deactivation> = {}): Deactivation {
  const accessKeyId = `AKIA${name.toUpperCase().replace(/[^A-Z]/g, '')}${slot}`.padEnd(20, 'X');
  return {
    ...deactivationKey('123456789012', at, accessKeyId),
    userArn: userArn(name),
    accessKeySlot: slot,
    accessKeyId,
    findingId: `f-${name}-${slot}`,
    decision: 'deactivated',
    deactivatedBy: 'run-enforce',
    at,
    ttl: Math.ceil(Date.parse(at) / 1000) + 7 * 86_400,
    ...over,
  };
}

describe('withDeactivations', () => {
  const inv = inventory({
    users: [user('svc-a', { accessKeys: [key(1, 200, 100), key(2, 10, 1)] }), user('svc-b', { accessKeys: [key(1, 200, 100)] })],
    keysReadAt: NOW,
  });

  it('counts the deactivated key inactive by slot (the report has no ids), leaves the other slot and user as read, and names the action', () => {
    const out = withDeactivations(inv, [off('svc-a', 1, hoursAfterNow(1))]);
    expect(out.inventory.users.map((u) => u.accessKeys.map((k) => k.active))).toEqual([[false, true], [true]]);
    expect([...out.closed]).toEqual([[`${userArn('svc-a')}/access-key/1`, 'run-enforce/f-svc-a-1']]);
    expect(inv.users[0]!.accessKeys[0]!.active).toBe(true);
  });

  it('leaves a key created after the deactivation as read: it is another key in the same slot', () => {
    const out = withDeactivations(inv, [off('svc-a', 2, daysAgo(20))]);
    expect(out.inventory.users[0]!.accessKeys.map((k) => k.active)).toEqual([true, true]);
    expect(out.closed.size).toBe(0);
  });

  it('matches by key id when the inventory has ids', () => {
    const withIds = inventory({ users: [user('svc-a', { accessKeys: [{ ...key(1, 200, 100), accessKeyId: 'AKIAOTHERKEY00000001' }, { ...key(2, 200, 100), accessKeyId: off('svc-a', 1, NOW).accessKeyId }] })] });
    const out = withDeactivations(withIds, [off('svc-a', 1, hoursAfterNow(1))]);
    expect(out.inventory.users[0]!.accessKeys.map((k) => k.active)).toEqual([true, false]);
  });
});

describe('applyRecentDeactivations', () => {
  it("reads back deactivations since the report (less a clock margin), other runs' only", async () => {
    const audit = new MemoryAuditLog();
    const inv = inventory({ users: [user('svc-a', { accessKeys: [key(1, 200, 100)] }), user('svc-b', { accessKeys: [key(1, 200, 100)] }), user('svc-c', { accessKeys: [key(1, 200, 100)] })], keysReadAt: NOW });
    await audit.deactivated(off('svc-a', 1, hoursAfterNow(-1)));
    await audit.deactivated(off('svc-b', 1, hoursAfterNow(-0.05)));
    await audit.deactivated(off('svc-c', 1, hoursAfterNow(1), { deactivatedBy: 'run-now', decision: 'already-inactive' }));
    const out = await applyRecentDeactivations(inv, audit, hoursAfterNow(2), 'run-now');
    expect(out.inventory.users.map((u) => u.accessKeys[0]!.active)).toEqual([true, false, true]);
  });

  it('reads nothing when the keys were not read', async () => {
    const audit = { deactivationsSince: () => Promise.reject(new Error('must not be called')) };
    const inv = inventory({ users: [user('svc-a', { accessKeys: [key(1, 200, 100)] })] });
    expect((await applyRecentDeactivations(inv, audit, NOW, 'run')).inventory).toBe(inv);
  });
});
