import { entitlementTarget, type Approval } from '../approval';
import { normaliseApprovals } from '../approval-set';
import { approvalUsage, usageIndex } from '../approval-usage';
import { describeEntitlement } from '../describe';
import type { Inventory } from '../inventory';
import type { Policy } from '../policy';
import { DAY_MS, daysBetween, toMs } from '../time';

/** Why an approval is in a campaign: its periodic review is due, it has no owner, or its access is unused. */
export const DUE_REASONS = ['periodic', 'no-owner', 'unused'] as const;
export type DueReason = (typeof DUE_REASONS)[number];

/** One approval an owner is asked to keep or revoke, with the evidence the packet shows. */
export interface DueItem {
  key: string;
  approval: Approval;
  /** Who answers: `owner`, else `approvedBy`. */
  owner: string;
  entitlement: string;
  reasons: DueReason[];
  /** `recertifiedAt`, else `approvedAt`. */
  lastReviewedAt: string;
  /** When the periodic review falls (fell) due: last review + the interval of the approval's risk. */
  reviewDueAt: string;
  /** Whole days since `approvedAt`. */
  ageDays: number;
  lastUsedAt?: string;
  /** Whole days since the last use (or approval); absent when Tally holds no last-used data for it. */
  idleDays?: number;
  usage?: string;
  /** `revoke` when the access is unused past the window, else `keep`. */
  suggestion: 'keep' | 'revoke';
}

/** The interval between reviews of an approval, by its risk. */
export function reviewIntervalDays(a: Approval, policy: Policy): number {
  return a.risk === 'privileged' ? policy.review.privilegedDays : policy.review.standardDays;
}

/**
 * Approvals in force that are due for review at `now`: the periodic review of their risk has come
 * (counted from `recertifiedAt`, else `approvedAt`), they name no `owner`, or what they grant is
 * unused past the window (APPROVED_BUT_UNUSED's test: inventory last use, Access Analyzer findings).
 * Pure; ordered by owner, then approval key.
 */
export function selectDue(approvals: Approval[], inventory: Inventory, policy: Policy, now: string): DueItem[] {
  const nowMs = toMs(now);
  const ix = usageIndex(inventory);
  const out: DueItem[] = [];
  for (const na of normaliseApprovals(approvals, inventory, nowMs)) {
    if (!na.active) continue;
    const a = na.approval;
    const lastReviewedAt = a.recertifiedAt ?? a.approvedAt;
    const dueMs = toMs(lastReviewedAt) + reviewIntervalDays(a, policy) * DAY_MS;
    const usage = approvalUsage(na, ix, policy, nowMs);
    const reasons: DueReason[] = [];
    if (dueMs <= nowMs) reasons.push('periodic');
    if (!a.owner) reasons.push('no-owner');
    if (usage?.unused) reasons.push('unused');
    if (reasons.length === 0) continue;
    out.push({
      key: na.key,
      approval: a,
      owner: a.owner ?? a.approvedBy,
      entitlement: describeEntitlement(a.entitlement) + (a.entitlement.kind === 'managed-policy' ? ` (${entitlementTarget(a.entitlement)})` : ''),
      reasons,
      lastReviewedAt,
      reviewDueAt: new Date(dueMs).toISOString(),
      ageDays: daysBetween(toMs(a.approvedAt), nowMs),
      ...(usage?.lastUsedAt ? { lastUsedAt: usage.lastUsedAt } : {}),
      ...(usage ? { idleDays: usage.idleDays, usage: usage.evidence } : {}),
      suggestion: usage?.unused ? 'revoke' : 'keep',
    });
  }
  return out.sort((x, y) => (x.owner < y.owner ? -1 : x.owner > y.owner ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** Items by owner, owners in order; each owner's packet. */
export function groupByOwner(items: readonly DueItem[]): { owner: string; items: DueItem[] }[] {
  const byOwner = new Map<string, DueItem[]>();
  for (const item of items) byOwner.set(item.owner, [...(byOwner.get(item.owner) ?? []), item]);
  return [...byOwner.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([owner, list]) => ({ owner, items: list }));
}
