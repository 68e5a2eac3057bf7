import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import { StaleApprovalError } from '../approvals/store-errors';
import { describeError } from '../errors/describe-error';
import type { ApprovalOutcomeKind, ReconcileResult } from '../core/result';
import type { ActionEvidence } from './action-evidence';

export interface EvidenceReport {
  written: number;
  /** Approvals this run wrote RECONCILED evidence on: verified anew ("Tally Approval Verified" goes out for these only). */
  verified: string[];
  /** Already carried the same verdict: no write. */
  unchanged: number;
  /** The approval changed since it was read; its stream event re-verifies it. */
  stale: string[];
  failed: { approvalKey: string; error: string }[];
}

const EVIDENCE_OUTCOMES = new Set<ApprovalOutcomeKind>(['RECONCILED', 'DEPROVISIONED']);

/**
 * Writes evidence onto every approval whose state matches (RECONCILED) or that was verified once and
 * is gone since (DEPROVISIONED), unless it already says so; `extra` carries evidence of this run's
 * own actions, which takes precedence. A DEPROVISIONED approval keeps its first evidence (who removed
 * it: Tally's action, or someone else with the first check that saw it gone). Conditional on the
 * version read, so it never overwrites a newer approval; written in transactions of up to 100
 * (`writeEvidenceMany`), each write reported on its own.
 */
export async function writeEvidence(
  store: Pick<ApprovalStore, 'writeEvidenceMany'>,
  stored: readonly StoredApproval[],
  result: ReconcileResult,
  method: string,
  extra: readonly ActionEvidence[] = [],
): Promise<EvidenceReport> {
  const report: EvidenceReport = { written: 0, verified: [], unchanged: 0, stale: [], failed: [] };
  const byKey = new Map(stored.map((s) => [s.approvalKey, s]));
  const findings = new Map(result.findings.map((f) => [f.id, f]));
  const pending: ActionEvidence[] = [];
  for (const x of extra) {
    const had = x.stored.evidence;
    if (had?.outcome === x.evidence.outcome && had.findingId === x.evidence.findingId) report.unchanged++;
    else pending.push(x);
  }
  const taken = new Set(extra.map((x) => x.stored.approvalKey));
  for (const o of result.outcomes) {
    const s = byKey.get(o.approvalKey);
    if (!s || !EVIDENCE_OUTCOMES.has(o.outcome) || !o.findingId || taken.has(o.approvalKey)) continue;
    const same = s.evidence?.outcome === o.outcome && (o.outcome === 'DEPROVISIONED' || s.evidence.findingId === o.findingId);
    if (same) {
      report.unchanged++;
      continue;
    }
    const f = findings.get(o.findingId);
    const observed =
      o.outcome === 'RECONCILED'
        ? (f?.observed ?? null)
        : { removedBy: 'not Tally: no action of Tally on record', seen: f?.summary ?? null, lastVerifiedAt: s.approval.verifiedAt ?? null };
    pending.push({ stored: s, evidence: { verifiedAt: result.evaluatedAt, method, findingId: o.findingId, observed, outcome: o.outcome } });
  }
  // A first sweep may verify every approval at once: conditional writes, up to 100 per call.
  const results = await store.writeEvidenceMany(
    pending.map(({ stored: s, evidence, matchedAt }) => ({ approvalKey: s.approvalKey, expectedVersion: s.version, evidence, ...(matchedAt ? { matchedAt } : {}) })),
  );
  results.forEach((r, i) => {
    const key = pending[i]!.stored.approvalKey;
    if ('written' in r) {
      report.written++;
      if (pending[i]!.evidence.outcome === 'RECONCILED') report.verified.push(key);
    } else if (r.error instanceof StaleApprovalError) report.stale.push(key);
    else report.failed.push({ approvalKey: key, error: describeError(r.error) });
  });
  return report;
}
