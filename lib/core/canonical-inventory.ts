import type { Inventory } from './inventory';

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
const byArn = byKey((x: { arn: string }) => x.arn);
const byPolicyArn = byKey((x: { policyArn: string }) => x.policyArn);
const byPolicyName = byKey((x: { policyName: string }) => x.policyName);

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySlot = (a: { slot: number }, b: { slot: number }) => a.slot - b.slot;

/** `list` itself when already in order (AWS mostly lists in order), else a sorted copy: equal either way, as the sort is stable. */
function ordered<T>(list: T[], cmp: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (cmp(list[i - 1]!, list[i]!) > 0) return [...list].sort(cmp);
  return list;
}

/** The record itself when its lists are in order, else a copy with them ordered (a sweep holds 100 000 principals). */
function withOrdered<T extends object>(x: T, lists: Partial<T>): T {
  for (const k in lists) if (lists[k] !== x[k]) return { ...x, ...lists };
  return x;
}

/**
 * The inventory with every list in a fixed order (ARNs, policy ARNs and names, group names, key
 * slots, users whose keys were not read), so the engine produces its findings in an order that does not depend on how it was read,
 * without sorting the (much longer) list of findings afterwards.
 */
export function canonicalInventory(inv: Inventory): Inventory {
  return {
    ...inv,
    users: inv.users
      .map((u) =>
        withOrdered(u, {
          groups: ordered(u.groups, byString),
          attachedPolicies: ordered(u.attachedPolicies, byPolicyArn),
          inlinePolicies: ordered(u.inlinePolicies, byPolicyName),
          accessKeys: ordered(u.accessKeys, bySlot),
        }),
      )
      .sort(byArn),
    roles: inv.roles
      .map((r) => withOrdered(r, { attachedPolicies: ordered(r.attachedPolicies, byPolicyArn), inlinePolicies: ordered(r.inlinePolicies, byPolicyName) }))
      .sort(byArn),
    groups: inv.groups
      .map((g) => withOrdered(g, { attachedPolicies: ordered(g.attachedPolicies, byPolicyArn), inlinePolicies: ordered(g.inlinePolicies, byPolicyName) }))
      .sort(byArn),
    policies: [...inv.policies].sort(byArn),
    secrets: [...inv.secrets].sort(byArn),
    ...(inv.keysUnread ? { keysUnread: [...inv.keysUnread].sort() } : {}),
    ...(inv.root ? { root: { ...inv.root, accessKeys: [...inv.root.accessKeys].sort(bySlot) } } : {}),
  };
}
