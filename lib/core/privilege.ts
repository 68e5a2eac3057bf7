import type { AttachedPolicy, InlinePolicy, Inventory, PolicyDocument } from './inventory';

/** AWS managed policies that grant administrator or privilege-escalation power. */
const ADMIN_LIKE_MANAGED = new Set(['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess']);

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** A document with an Allow statement of action `*` on resource `*`. */
export function isAdminLikeDocument(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  return asList(doc.Statement).some((stmt) => {
    if (!stmt || typeof stmt !== 'object') return false;
    const s = stmt as Record<string, unknown>;
    return s.Effect === 'Allow' && asList(s.Action).includes('*') && asList(s.Resource).includes('*');
  });
}

export class PrivilegeIndex {
  private readonly managedDocs = new Map<string, PolicyDocument | undefined>();
  private readonly groupsByName = new Map<string, { attachedPolicies: AttachedPolicy[]; inlinePolicies: InlinePolicy[] }>();

  constructor(inventory: Inventory) {
    for (const p of inventory.policies) this.managedDocs.set(p.arn, p.document);
    for (const g of inventory.groups) this.groupsByName.set(g.name, g);
  }

  isAdminLikePolicy(p: AttachedPolicy): boolean {
    if (p.policyArn.includes(':policy/') && p.policyArn.split(':')[4] === 'aws' && ADMIN_LIKE_MANAGED.has(p.policyName)) return true;
    return isAdminLikeDocument(this.managedDocs.get(p.policyArn));
  }

  /** The admin-like policies a set of attachments and inline documents carries. */
  adminLike(attached: AttachedPolicy[], inline: InlinePolicy[]): string[] {
    return [
      ...attached.filter((p) => this.isAdminLikePolicy(p)).map((p) => p.policyArn),
      ...inline.filter((p) => isAdminLikeDocument(p.document)).map((p) => `inline:${p.policyName}`),
    ];
  }

  /** Admin-like policies reaching a user through one group. */
  adminLikeViaGroup(groupName: string): string[] {
    const g = this.groupsByName.get(groupName);
    return g ? this.adminLike(g.attachedPolicies, g.inlinePolicies) : [];
  }

  groupPolicies(groupName: string): AttachedPolicy[] {
    return this.groupsByName.get(groupName)?.attachedPolicies ?? [];
  }
}
