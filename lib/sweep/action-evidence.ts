import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalEvidence } from '../approvals/evidence';
import { actionId, type AuditRecord } from '../actions/audit-table';
import { isSameKey } from '../actions/same-key';
import type { Inventory } from '../core/inventory';
import type { ReconcileResult } from '../core/result';

/** Evidence to write for an approval, and when it last matched AWS if that was in this run. */
export interface ActionEvidence {
  stored: StoredApproval;
  evidence: ApprovalEvidence;
  matchedAt?: string;
}

/**
 * Evidence for the access-key approvals this run's deactivations took away: the approval matched at
 * this run's read, and its user has no active key left. Recorded as DEPROVISIONED by Tally, with the
 * action, so later sweeps keep saying who removed it.
 */
export function actionEvidence(
  stored: readonly StoredApproval[],
  result: ReconcileResult,
  inventory: Pick<Inventory, 'users'>,
  /** The run's deactivations on record (`KeyExpiryReport.executed`). */
  executed: readonly AuditRecord[],
): ActionEvidence[] {
  if (executed.length === 0) return [];
  const reconciled = new Map(result.outcomes.filter((o) => o.outcome === 'RECONCILED').map((o) => [o.approvalKey, o.findingId]));
  const out: ActionEvidence[] = [];
  for (const s of stored) {
    const e = s.approval.entitlement;
    if (e.kind !== 'access-key' || !reconciled.has(s.approvalKey)) continue;
    const mine = executed.filter((r) => r.userArn === s.approval.principal);
    if (mine.length === 0) continue;
    const user = inventory.users.find((u) => u.arn === s.approval.principal);
    const stillActive = (user?.accessKeys ?? []).filter((k) => k.active && !mine.some((r) => isSameKey(k, r)));
    if (stillActive.length > 0) continue;
    const last = mine[mine.length - 1]!;
    out.push({
      stored: s,
      evidence: {
        verifiedAt: last.at,
        method: `action:${last.runId}`,
        findingId: last.findingId,
        outcome: 'DEPROVISIONED',
        observed: {
          removedBy: 'tally',
          actions: mine.map((r) => ({ actionId: actionId(r), action: r.action, accessKeyId: r.accessKeyId ?? null, at: r.at })),
          lastVerifiedAt: result.evaluatedAt,
        },
      },
      matchedAt: result.evaluatedAt,
    });
  }
  return out;
}
