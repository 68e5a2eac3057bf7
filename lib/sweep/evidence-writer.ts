import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import { StaleApprovalError } from '../approvals/store-errors';
import { forEachLimit } from '../aws/for-each-limit';
import { describeError } from '../errors/describe-error';
import type { ReconcileResult } from '../core/result';

export interface EvidenceReport {
  written: number;
  /** Already carried the same verdict: no write. */
  unchanged: number;
  /** The approval changed since it was read; its stream event re-verifies it. */
  stale: string[];
  failed: { approvalKey: string; error: string }[];
}

/**
 * Writes closure evidence onto every approval whose state matches (RECONCILED), unless it already
 * says so for the same finding. Conditional on the version read, so it never overwrites a newer approval.
 */
export async function writeEvidence(
  store: Pick<ApprovalStore, 'writeEvidence' | 'concurrency'>,
  stored: readonly StoredApproval[],
  result: ReconcileResult,
  method: string,
): Promise<EvidenceReport> {
  const report: EvidenceReport = { written: 0, unchanged: 0, stale: [], failed: [] };
  const byKey = new Map(stored.map((s) => [s.approvalKey, s]));
  const findings = new Map(result.findings.map((f) => [f.id, f]));
  const pending: { stored: StoredApproval; findingId: string }[] = [];
  for (const o of result.outcomes) {
    const s = byKey.get(o.approvalKey);
    if (!s || o.outcome !== 'RECONCILED' || !o.findingId) continue;
    if (s.evidence?.outcome === 'RECONCILED' && s.evidence.findingId === o.findingId) report.unchanged++;
    else pending.push({ stored: s, findingId: o.findingId });
  }
  // A first sweep may verify every approval at once: conditional writes, a few at a time.
  await forEachLimit(pending, store.concurrency, async ({ stored: s, findingId }) => {
    try {
      await store.writeEvidence(s.approvalKey, s.version, {
        verifiedAt: result.evaluatedAt,
        method,
        findingId,
        observed: findings.get(findingId)?.observed ?? null,
        outcome: 'RECONCILED',
      });
      report.written++;
    } catch (e) {
      if (e instanceof StaleApprovalError) report.stale.push(s.approvalKey);
      else report.failed.push({ approvalKey: s.approvalKey, error: describeError(e) });
    }
  });
  return report;
}
