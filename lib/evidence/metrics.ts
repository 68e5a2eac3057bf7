import type { Period } from './period';
import { isDecided, type EvidenceData, type FindingRecord } from './records';

const DAY_MS = 86_400_000;
/** At most this many points on the trend: longer periods sample every few days. */
const MAX_POINTS = 120;

/** Open findings by type at one instant. */
export interface TrendPoint {
  at: string;
  byType: Record<string, number>;
}

/** The numbers the report shows, computed from the bundle's records alone. */
export interface EvidenceMetrics {
  findings: { total: number; open: number; opened: number; closed: number; byType: Record<string, number>; bySeverity: Record<string, number> };
  trend: { types: string[]; points: TrendPoint[] };
  approvals: { total: number; verified: number; byOutcome: Record<string, number> };
  /** Days from approvedAt to verifiedAt, of each approval verified (approved in or before the period). */
  daysToVerified: number[];
  actions: { total: number; byDecision: Record<string, number> };
  reviews?: { total: number; decided: number; byDecision: Record<string, number>; byCampaign: Record<string, { total: number; decided: number }> };
}

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

/** Whether a finding was open at `ms`: seen by then and not yet closed. */
export function openAt(f: FindingRecord, ms: number): boolean {
  return Date.parse(f.firstSeen) <= ms && (f.closedAt === undefined || Date.parse(f.closedAt) > ms);
}

/** The sample instants of the trend: the end of each day of the period (the last one is `to`). */
export function samples(p: Period): number[] {
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const days = Math.max(1, Math.ceil((to - from) / DAY_MS));
  const step = Math.ceil(days / MAX_POINTS);
  const out: number[] = [];
  for (let d = step; d < days; d += step) out.push(from + d * DAY_MS);
  out.push(to);
  return out;
}

/** Open findings by type at each sample instant; the types are those open at some point, by name. */
export function openTrend(findings: readonly FindingRecord[], p: Period): EvidenceMetrics['trend'] {
  const points = samples(p).map((ms) => {
    const byType: Record<string, number> = {};
    for (const f of findings) if (openAt(f, ms)) bump(byType, f.type);
    return { at: new Date(ms).toISOString(), byType };
  });
  const types = [...new Set(points.flatMap((pt) => Object.keys(pt.byType)))].sort();
  return { types, points };
}

/** Everything the report charts, for the period. */
export function computeMetrics(data: EvidenceData, p: Period): EvidenceMetrics {
  const from = Date.parse(p.from);
  const to = Date.parse(p.to);
  const byType: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  let open = 0;
  let opened = 0;
  let closed = 0;
  for (const f of data.findings) {
    bump(byType, f.type);
    bump(bySeverity, f.severity);
    if (openAt(f, to - 1)) open++;
    const first = Date.parse(f.firstSeen);
    if (first >= from && first < to) opened++;
    if (f.closedAt !== undefined && Date.parse(f.closedAt) >= from && Date.parse(f.closedAt) < to) closed++;
  }
  const byOutcome: Record<string, number> = {};
  const daysToVerified: number[] = [];
  let verified = 0;
  for (const a of data.approvals) {
    bump(byOutcome, a.outcome ?? 'NOT_CHECKED');
    if (a.verifiedAt === undefined) continue;
    verified++;
    daysToVerified.push(Math.max(0, (Date.parse(a.verifiedAt) - Date.parse(a.approvedAt)) / DAY_MS));
  }
  const byDecision: Record<string, number> = {};
  for (const a of data.actions) bump(byDecision, a.decision);
  const metrics: EvidenceMetrics = {
    findings: { total: data.findings.length, open, opened, closed, byType, bySeverity },
    trend: openTrend(data.findings, p),
    approvals: { total: data.approvals.length, verified, byOutcome },
    daysToVerified: daysToVerified.sort((a, b) => a - b),
    actions: { total: data.actions.length, byDecision },
  };
  if (data.reviewsGiven) {
    const reviewDecisions: Record<string, number> = {};
    const byCampaign: Record<string, { total: number; decided: number }> = {};
    let decided = 0;
    for (const r of data.reviews) {
      const done = isDecided(r);
      if (done) decided++;
      bump(reviewDecisions, done ? r.decision!.trim().toLowerCase() : 'undecided');
      const c = (byCampaign[r.campaignId ?? '(no campaign)'] ??= { total: 0, decided: 0 });
      c.total++;
      if (done) c.decided++;
    }
    metrics.reviews = { total: data.reviews.length, decided, byDecision: reviewDecisions, byCampaign };
  }
  return metrics;
}

/** The value at quantile q (0..1) of sorted numbers, or undefined when there are none. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
