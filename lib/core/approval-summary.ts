import type { ApprovedEntitlement, EntitlementKind } from './approval';
import { describeEntitlement } from './describe';
import { approvalMatchTarget } from './fact-index';

/** One flat string: a template keeps its pieces alive in every summary. */
const summaryOf = (e: ApprovedEntitlement, reason: string) => [describeEntitlement(e), ' — ', reason].join('');

/**
 * `<entitlement> — <reason>`. A sweep repeats the same few entitlements with the same approval-
 * independent reasons (`shared`, from the pairing) across a million approvals: those summaries are
 * built once per reconcile.
 */
export function approvalSummaries(shared: ReadonlySet<string>): (e: ApprovedEntitlement, reason: string) => string {
  const cache = new Map<string, Map<EntitlementKind, Map<string | number, string>>>();
  return (e, reason) => {
    if (e.kind === 'role-trust' || !shared.has(reason)) return summaryOf(e, reason);
    let byKind = cache.get(reason);
    if (!byKind) cache.set(reason, (byKind = new Map()));
    let byTarget = byKind.get(e.kind);
    if (!byTarget) byKind.set(e.kind, (byTarget = new Map()));
    // What describeEntitlement reads: the match target, or for keys the approved count.
    const target = e.kind === 'access-key' ? e.maxKeys : approvalMatchTarget(e);
    let summary = byTarget.get(target);
    if (summary === undefined) byTarget.set(target, (summary = summaryOf(e, reason)));
    return summary;
  };
}
