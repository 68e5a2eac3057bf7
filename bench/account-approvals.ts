import type { Approval, ApprovedEntitlement } from '../lib/core/approval';
import type { Inventory } from '../lib/core/inventory';
import { parsedApproval, rng } from './synthetic-account';

/**
 * Approvals as a ticketing system would hold them for `inventory`: one ticket per principal, most
 * entitlements approved (so the sweep verifies them and writes RECONCILED evidence), about one in
 * twelve never approved (shadow access: UNAPPROVED_ENTITLEMENT), and every user's key approved at
 * one key (so users holding two active keys drift).
 */
export function approvalsFor(inventory: Inventory, seed = 7): Approval[] {
  const rand = rng(seed);
  const out: Approval[] = [];
  const approve = (principal: string, ticket: string, entitlement: ApprovedEntitlement, daysAgo: number) => {
    if (rand() < 1 / 12) return;
    out.push(parsedApproval({
      ticketId: ticket, principal, entitlement, approvedBy: 'alice@example.com', risk: 'standard', status: 'approved',
      approvedAt: new Date(Date.parse(inventory.readAt) - daysAgo * 86_400_000).toISOString(),
    }));
  };
  for (const [i, u] of inventory.users.entries()) {
    const ticket = `CHG-U${i}`;
    const age = 30 + (i % 300);
    approve(u.arn, ticket, { kind: 'identity' }, age);
    for (const p of u.attachedPolicies) approve(u.arn, ticket, { kind: 'managed-policy', policyArn: p.policyArn }, age);
    for (const p of u.inlinePolicies) approve(u.arn, ticket, { kind: 'inline-policy', policyName: p.policyName }, age);
    for (const g of u.groups) approve(u.arn, ticket, { kind: 'group-membership', group: g }, age);
    if (u.accessKeys.some((k) => k.active)) approve(u.arn, ticket, { kind: 'access-key', maxKeys: 1 }, age);
  }
  for (const [i, r] of inventory.roles.entries()) {
    const ticket = `CHG-R${i}`;
    approve(r.arn, ticket, { kind: 'identity' }, 60);
    approve(r.arn, ticket, { kind: 'role-trust', principals: ['lambda.amazonaws.com'] }, 60);
    for (const p of r.attachedPolicies) approve(r.arn, ticket, { kind: 'managed-policy', policyArn: p.policyArn }, 60);
  }
  for (const [i, g] of inventory.groups.entries()) {
    const ticket = `CHG-G${i}`;
    for (const p of g.attachedPolicies) approve(g.arn, ticket, { kind: 'managed-policy', policyArn: p.policyArn }, 90);
    for (const p of g.inlinePolicies) approve(g.arn, ticket, { kind: 'inline-policy', policyName: p.policyName }, 90);
  }
  for (const [i, s] of inventory.secrets.entries()) approve(s.arn, `CHG-S${i}`, { kind: 'secret', rotationDays: 90 }, 120);
  return out;
}
