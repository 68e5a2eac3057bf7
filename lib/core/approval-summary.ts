import type { ApprovedEntitlement, EntitlementKind } from './approval';
import { describeEntitlement } from './describe';
import { approvalMatchTarget } from './fact-index';
import { isSharedReason } from './pairing';

/**
 * `<entitlement> — <reason>`. A sweep repeats the same few entitlements with the same approval-
 * independent reasons across a million approvals: those summaries are built once per reconcile.
 */
export function approvalSummaries(): (e: ApprovedEntitlement, reason: string) => string {
  const cache = new Map<string, Map<EntitlementKind, Map<string, string>>>();
  return (e, reason) => {
    if (e.kind === 'access-key' || e.kind === 'role-trust' || !isSharedReason(e.kind, reason)) return `${describeEntitlement(e)} — ${reason}`;
    let byKind = cache.get(reason);
    if (!byKind) cache.set(reason, (byKind = new Map()));
    let byTarget = byKind.get(e.kind);
    if (!byTarget) byKind.set(e.kind, (byTarget = new Map()));
    const target = approvalMatchTarget(e);
    let summary = byTarget.get(target);
    if (summary === undefined) byTarget.set(target, (summary = `${describeEntitlement(e)} — ${reason}`));
    return summary;
  };
}
