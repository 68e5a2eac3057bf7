import { approvalKey, type Approval } from '../core/approval';
import { isEvidence } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import { actionRecordSchema, type ActionRecord, type ApprovalRecord, type EvidenceData, type FindingRecord, type ReviewRecord } from './records';
import { approvalRecord, findingFromSweep, outcomeEvidence } from './from-sources';
import { foldEpisodes, type History } from './history';
import { inPeriod, type Period } from './period';

export interface OfflineInput {
  /** The snapshot sweep's result (evaluated at `result.evaluatedAt`). */
  result: ReconcileResult;
  approvals: readonly Approval[];
  /** Where the snapshot came from, said in the report. */
  snapshot: string;
  history?: History;
  reviews?: ReviewRecord[];
}

/** Whether a finding's episode overlaps the period. */
export function overlaps(f: FindingRecord, p: Period): boolean {
  return Date.parse(f.firstSeen) < Date.parse(p.to) && (f.closedAt === undefined || Date.parse(f.closedAt) >= Date.parse(p.from));
}

/**
 * Findings: the sweep's (evidence types excluded: they are approval outcomes) folded with the
 * history's by id. A finding open in the history that a complete sweep no longer shows is closed
 * when the sweep ran.
 */
function findings(input: OfflineInput): FindingRecord[] {
  const now = input.result.evaluatedAt;
  const byId = new Map<string, FindingRecord[]>();
  const add = (f: FindingRecord) => byId.set(f.findingId, [...(byId.get(f.findingId) ?? []), f]);
  for (const f of input.history?.findings ?? []) add({ ...f, source: 'history' });
  const current = new Set<string>();
  for (const f of input.result.findings) {
    if (isEvidence(f.type)) continue;
    current.add(f.id);
    add(findingFromSweep(f));
  }
  const complete = input.result.incomplete.length === 0;
  return [...byId.values()].map((records) => {
    const f = foldEpisodes(records);
    if (f.state === 'open' && complete && !current.has(f.findingId) && Date.parse(f.lastSeen) < Date.parse(now)) return { ...f, state: 'closed' as const, closedAt: now };
    return f;
  });
}

/** Approvals with the sweep's outcome; verified at the earliest time any bundle saw them verified. */
function approvals(input: OfflineInput): ApprovalRecord[] {
  const now = input.result.evaluatedAt;
  const outcomes = new Map(input.result.outcomes.map((o) => [o.approvalKey, o]));
  const earlier = new Map<string, string>();
  for (const a of input.history?.approvals ?? []) {
    const prev = earlier.get(a.approvalKey);
    if (a.verifiedAt && (!prev || Date.parse(a.verifiedAt) < Date.parse(prev))) earlier.set(a.approvalKey, a.verifiedAt);
  }
  return input.approvals.map((a) => {
    const key = approvalKey(a);
    const rec = approvalRecord(a, outcomeEvidence(outcomes.get(key), now, 'sweep:snapshot'), 'sweep', key);
    const first = earlier.get(key);
    return first && (!rec.verifiedAt || Date.parse(first) < Date.parse(rec.verifiedAt)) ? { ...rec, verifiedAt: first } : rec;
  });
}

/** The sweep's planned actions (report mode: nothing was done) and the history's, once each. */
function actions(input: OfflineInput): ActionRecord[] {
  const at = input.result.evaluatedAt;
  const runId = `snapshot@${at}`;
  const planned = input.result.actions.map((a) =>
    actionRecordSchema.parse({
      actionId: `${runId}/${a.findingId}`,
      runId,
      findingId: a.findingId,
      action: a.kind,
      phase: 'plan',
      mode: 'report',
      decision: 'planned',
      reason: a.reason,
      principalArn: a.userArn,
      target: a.accessKeyId ?? `slot ${a.accessKeySlot}`,
      actor: 'tally evidence export (snapshot sweep)',
      at,
      source: 'sweep',
    }),
  );
  const seen = new Map<string, ActionRecord>();
  for (const a of [...(input.history?.actions ?? []).map((x) => ({ ...x, source: 'history' as const })), ...planned]) seen.set(`${a.actionId}|${a.phase}|${a.decision}`, a);
  return [...seen.values()];
}

/** A bundle's data from a snapshot sweep and earlier exports, limited to the period. */
export function offlineEvidence(input: OfflineInput, p: Period): EvidenceData {
  return {
    findings: findings(input).filter((f) => overlaps(f, p)),
    approvals: approvals(input).filter((a) => Date.parse(a.approvedAt) < Date.parse(p.to)),
    actions: actions(input).filter((a) => inPeriod(a.at, p)),
    reviews: input.reviews ?? [],
    reviewsGiven: input.reviews !== undefined,
    sources: [
      `snapshot sweep of ${input.snapshot} at ${input.result.evaluatedAt}`,
      ...(input.history ? [`history: ${input.history.files.length} earlier file(s)`] : []),
      ...(input.reviews ? [`review decisions: ${input.reviews.length}`] : []),
    ],
  };
}
