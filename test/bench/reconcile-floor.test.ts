import { describe, expect, it } from 'vitest';
import { approvalsFor } from '../../bench/account-approvals';
import { reconcileFloor } from '../../bench/reconcile-floor';
import { BENCH_NOW, syntheticAccount } from '../../bench/synthetic-account';
import type { Approval } from '../../lib/core/approval';
import type { Inventory } from '../../lib/core/inventory';
import { parsePolicy } from '../../lib/core/policy';
import { reconcile } from '../../lib/core/reconcile';

const policy = parsePolicy({});
const hoursAgo = (h: number) => new Date(Date.parse(BENCH_NOW) - h * 3_600_000).toISOString();

function compare(inventory: Inventory, approvals: Approval[]) {
  const tally = reconcile(inventory, approvals, policy, BENCH_NOW);
  const floor = reconcileFloor(inventory, approvals, policy, BENCH_NOW);
  const byKey = <T extends { approvalKey: string }>(o: T[]) => [...o].sort((a, b) => (a.approvalKey < b.approvalKey ? -1 : 1));
  return {
    tally: byKey(tally.outcomes.map(({ approvalKey, outcome, findingId }) => ({ approvalKey, outcome, findingId }))),
    floor: byKey(floor.outcomes.map(({ approvalKey, outcome, findingId }) => ({ approvalKey, outcome, findingId }))),
    tallyUnapproved: tally.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT').map((f) => f.id).sort(),
    floorUnapproved: [...floor.unapproved].sort(),
  };
}

/** Approvals past the bench's plain ones: pinned hashes, trust, verified, in grace, drafts, duplicates, secrets by name. */
function edgeApprovals(inventory: Inventory, approvals: Approval[]): Approval[] {
  const base = { approvedBy: 'bob@example.com', approvedAt: hoursAgo(24 * 40), risk: 'standard', status: 'approved' } as const;
  const [u0, u1, u2] = inventory.users.filter((u) => u.inlinePolicies.length > 0);
  const withKeys = inventory.users.find((u) => u.accessKeys.filter((k) => k.active).length === 2)!;
  const [r0, r1] = inventory.roles;
  const [s0, s1] = inventory.secrets;
  // Two missing inline policies of one user compete for the one unapproved inline policy it holds.
  const inlineApproved = new Set(approvals.filter((a) => a.entitlement.kind === 'inline-policy').map((a) => a.principal));
  const drifting = inventory.users.find((u) => u.inlinePolicies.length > 0 && !inlineApproved.has(u.arn) && u !== u0)!;
  return [
    { ...base, ticketId: 'E-1', principal: u0!.arn, entitlement: { kind: 'inline-policy', policyName: 'queue', documentSha256: 'a'.repeat(64) } },
    { ...base, ticketId: 'E-2', principal: r0!.arn, entitlement: { kind: 'role-trust', principals: ['ec2.amazonaws.com'] } },
    { ...base, ticketId: 'E-3', principal: r1!.arn, entitlement: { kind: 'role-trust', principals: ['lambda.amazonaws.com'] } },
    { ...base, ticketId: 'E-4', principal: u1!.arn, entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/Gone' }, verifiedAt: hoursAgo(48) },
    { ...base, ticketId: 'E-5', principal: u1!.arn, entitlement: { kind: 'group-membership', group: 'nope' }, approvedAt: hoursAgo(2) },
    { ...base, ticketId: 'E-6', principal: u2!.arn, entitlement: { kind: 'identity' }, status: 'draft' },
    { ...base, ticketId: 'E-7', principal: u2!.arn, entitlement: { kind: 'identity' }, status: 'revoked' },
    { ...base, ticketId: 'E-7', principal: u2!.arn, entitlement: { kind: 'identity' } },
    { ...base, ticketId: 'E-8', principal: withKeys.arn, entitlement: { kind: 'access-key', maxKeys: 1 } },
    { ...base, ticketId: 'E-9', principal: s0!.name, entitlement: { kind: 'secret' } },
    { ...base, ticketId: 'E-11', principal: drifting.arn, entitlement: { kind: 'inline-policy', policyName: 'other' } },
    { ...base, ticketId: 'E-12', principal: drifting.arn, entitlement: { kind: 'inline-policy', policyName: 'another' } },
    { ...base, ticketId: 'E-10', principal: s1!.arn.slice(0, -7), entitlement: { kind: 'secret' }, expiresAt: hoursAgo(1) },
  ];
}

describe('reconcile floor', () => {
  it('gives every approval the key, outcome and finding id reconcile gives when run on the synthetic account', () => {
    const { inventory, approvals } = syntheticAccount(200, 2_000);
    const r = compare(inventory, [...approvals, ...edgeApprovals(inventory, approvals)]);
    expect(r.floor).toEqual(r.tally);
    expect(r.floorUnapproved).toEqual(r.tallyUnapproved);
    // Not a trivial agreement: the account yields every outcome the bench measures.
    expect(new Set(r.tally.map((o) => o.outcome))).toEqual(
      new Set(['RECONCILED', 'APPROVED_NOT_PROVISIONED', 'DRIFTED_ENTITLEMENT', 'EXPIRED_APPROVAL_ACTIVE', 'DEPROVISIONED', 'PENDING']),
    );
  });

  it('finds the same unapproved entitlements as reconcile when a ticketing system left about one in twelve unapproved', () => {
    const { inventory } = syntheticAccount(200, 0);
    const r = compare(inventory, approvalsFor(inventory));
    expect(r.floor).toEqual(r.tally);
    expect(r.floorUnapproved).toEqual(r.tallyUnapproved);
    expect(r.tallyUnapproved.length).toBeGreaterThan(0);
  });
});
