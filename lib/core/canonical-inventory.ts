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

/**
 * The inventory with every list in a fixed order (ARNs, policy ARNs and names, group names, key
 * slots, users whose keys were not read), so the engine produces its findings in an order that does not depend on how it was read,
 * without sorting the (much longer) list of findings afterwards.
 */
export function canonicalInventory(inv: Inventory): Inventory {
  return {
    ...inv,
    users: inv.users
      .map((u) => ({
        ...u,
        groups: [...u.groups].sort(),
        attachedPolicies: [...u.attachedPolicies].sort(byPolicyArn),
        inlinePolicies: [...u.inlinePolicies].sort(byPolicyName),
        accessKeys: [...u.accessKeys].sort((a, b) => a.slot - b.slot),
      }))
      .sort(byArn),
    roles: inv.roles
      .map((r) => ({ ...r, attachedPolicies: [...r.attachedPolicies].sort(byPolicyArn), inlinePolicies: [...r.inlinePolicies].sort(byPolicyName) }))
      .sort(byArn),
    groups: inv.groups
      .map((g) => ({ ...g, attachedPolicies: [...g.attachedPolicies].sort(byPolicyArn), inlinePolicies: [...g.inlinePolicies].sort(byPolicyName) }))
      .sort(byArn),
    policies: [...inv.policies].sort(byArn),
    secrets: [...inv.secrets].sort(byArn),
    ...(inv.keysUnread ? { keysUnread: [...inv.keysUnread].sort() } : {}),
    ...(inv.root ? { root: { ...inv.root, accessKeys: [...inv.root.accessKeys].sort((a, b) => a.slot - b.slot) } } : {}),
  };
}
