import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import { methodOf, type VerifiedVia } from '../approvals/evidence';
import { StaleApprovalError } from '../approvals/store-errors';
import { describeError } from '../errors/describe-error';
import type { ApprovalOutcomeKind, ReconcileResult } from '../core/result';
import type { ActionEvidence } from './action-evidence';

export interface EvidenceReport {
  written: number;
  /** Approvals the run verified anew (RECONCILED evidence planned): those "Tally Approval Verified" went out for. */
  verified: string[];
  /** Already carried the same verdict: no write. */
  unchanged: number;
  /** Not written because their "Tally Approval Verified" event was not delivered: the next sweep verifies and announces them again. */
  held: string[];
  /** The approval changed since it was read; its stream event re-verifies it. */
  stale: string[];
  failed: { approvalKey: string; error: string }[];
}

/** The evidence a run would write, before anything is written or announced. */
export interface EvidencePlan {
  pending: ActionEvidence[];
  unchanged: number;
}

const EVIDENCE_OUTCOMES = new Set<ApprovalOutcomeKind>(['RECONCILED', 'DEPROVISIONED']);

/**
 * The evidence to write onto every approval whose state matches (RECONCILED) or that was verified
 * once and is gone since (DEPROVISIONED), unless it already says so; `extra` carries evidence of this
 * run's own actions, which takes precedence. A DEPROVISIONED approval keeps its first evidence (who
 * removed it: Tally's action, or someone else with the first check that saw it gone).
 */
export function planEvidence(stored: readonly StoredApproval[], result: ReconcileResult, via: VerifiedVia, extra: readonly ActionEvidence[] = []): EvidencePlan {
  const method = methodOf(via);
  let unchanged = 0;
  const byKey = new Map(stored.map((s) => [s.approvalKey, s]));
  const findings = new Map(result.findings.map((f) => [f.id, f]));
  const pending: ActionEvidence[] = [];
  for (const x of extra) {
    const had = x.stored.evidence;
    if (had?.outcome === x.evidence.outcome && had.findingId === x.evidence.findingId) unchanged++;
    else pending.push(x);
  }
  const taken = new Set(extra.map((x) => x.stored.approvalKey));
  for (const o of result.outcomes) {
    const s = byKey.get(o.approvalKey);
    if (!s || !EVIDENCE_OUTCOMES.has(o.outcome) || !o.findingId || taken.has(o.approvalKey)) continue;
    const same = s.evidence?.outcome === o.outcome && (o.outcome === 'DEPROVISIONED' || s.evidence.findingId === o.findingId);
    if (same) {
      unchanged++;
      continue;
    }
    const f = findings.get(o.findingId);
    const observed =
      o.outcome === 'RECONCILED'
        ? (f?.observed ?? null)
        : { removedBy: 'not Tally: no action of Tally on record', seen: f?.summary ?? null, lastVerifiedAt: s.approval.verifiedAt ?? null };
    pending.push({ stored: s, evidence: { verifiedAt: result.evaluatedAt, method, via, findingId: o.findingId, observed, outcome: o.outcome } });
  }
  return { pending, unchanged };
}

/** The approvals a plan verifies anew: "Tally Approval Verified" goes out for these only. */
export function newlyVerified(plan: EvidencePlan): Set<string> {
  return new Set(plan.pending.filter((p) => p.evidence.outcome === 'RECONCILED').map((p) => p.stored.approvalKey));
}

/**
 * Writes a plan, but the approvals in `hold` (their announcement failed). Conditional on the version
 * read, so it never overwrites a newer approval; written in transactions of up to 100
 * (`writeEvidenceMany`), each write reported on its own.
 */
export async function writeEvidence(store: Pick<ApprovalStore, 'writeEvidenceMany'>, plan: EvidencePlan, hold: ReadonlySet<string> = new Set()): Promise<EvidenceReport> {
  const report: EvidenceReport = { written: 0, verified: [...newlyVerified(plan)], unchanged: plan.unchanged, held: [], stale: [], failed: [] };
  const pending = plan.pending.filter((p) => {
    if (!hold.has(p.stored.approvalKey)) return true;
    report.held.push(p.stored.approvalKey);
    return false;
  });
  // A first sweep may verify every approval at once: conditional writes, up to 100 per call.
  const results = await store.writeEvidenceMany(
    pending.map(({ stored: s, evidence, matchedAt }) => ({ approvalKey: s.approvalKey, expectedVersion: s.version, evidence, ...(matchedAt ? { matchedAt } : {}) })),
  );
  results.forEach((r, i) => {
    const key = pending[i]!.stored.approvalKey;
    if ('written' in r) report.written++;
    else if (r.error instanceof StaleApprovalError) report.stale.push(key);
    else report.failed.push({ approvalKey: key, error: describeError(r.error) });
  });
  return report;
}
