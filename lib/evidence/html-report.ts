import { quantile, type EvidenceMetrics } from './metrics';
import type { Period } from './period';
import { barChart, esc, lineChart, shareRing } from './svg-charts';

/** What the report says about the bundle besides the metrics. */
export interface ReportContext {
  period: Period;
  generatedAt: string;
  sources: readonly string[];
  /** The bundle's data files, named in the report's last section. */
  files: readonly string[];
}

const BUCKETS: readonly [string, number][] = [
  ['under 1 day', 1],
  ['1 to 7 days', 7],
  ['7 to 30 days', 30],
  ['30 to 90 days', 90],
  ['90 to 365 days', 365],
  ['over a year', Infinity],
];

/** How many approvals took how long to verify, in fixed buckets. */
export function verificationBuckets(days: readonly number[]): { label: string; value: number }[] {
  const counts = BUCKETS.map(([label]) => ({ label, value: 0 }));
  for (const d of days) counts[BUCKETS.findIndex(([, limit]) => d < limit)]!.value++;
  return counts;
}

const entries = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));

const card = (label: string, value: string, note = '') => `<div class="card"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
const days = (d: number | undefined) => (d === undefined ? 'n/a' : d < 1 ? `${Math.round(d * 24)} h` : `${d.toFixed(1)} d`);
const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : 'n/a');

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}.meta{color:#555}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #ddd;border-radius:8px;padding:.7rem 1rem;min-width:9rem}
.value{font-size:1.7rem;font-weight:600}.label{color:#444}.note{color:#777;font-size:.85rem}
figure{margin:.8rem 0}svg{max-width:100%;height:auto;font-size:12px}svg text{fill:#333}svg text.big{font-size:22px;font-weight:600}
.key{display:inline-block;margin-right:1rem}.key i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}.ring{display:inline-block;text-align:center;margin-right:2rem}
code{background:#f4f4f4;padding:0 .2rem}`;

/** The report: one self-contained HTML page (inline CSS and SVG, no script, no fetch of any kind). */
export function renderReport(m: EvidenceMetrics, ctx: ReportContext): string {
  const { period: p } = ctx;
  const median = quantile(m.daysToVerified, 0.5);
  const p90 = quantile(m.daysToVerified, 0.9);
  const trendLabels = m.trend.points.map((pt) => pt.at.slice(0, 10));
  const trendSeries = m.trend.types.map((t) => ({ name: t, values: m.trend.points.map((pt) => pt.byType[t] ?? 0) }));
  const reviews = m.reviews;
  const reviewSection = reviews
    ? `${shareRing('Review items decided', reviews.decided, reviews.total)}
${barChart('Review decisions', entries(reviews.byDecision))}
<table><thead><tr><th>Campaign</th><th>Items</th><th>Decided</th><th>Completion</th></tr></thead><tbody>${Object.entries(reviews.byCampaign)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, v]) => `<tr><td>${esc(c)}</td><td>${v.total}</td><td>${v.decided}</td><td>${pct(v.decided, v.total)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>No review decisions were given for this bundle (export with <code>--reviews DIR</code>).</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tally evidence ${esc(p.from.slice(0, 10))} to ${esc(p.to.slice(0, 10))}</title>
<style>${STYLE}</style></head><body>
<h1>Tally evidence report</h1>
<p class="meta">Period ${esc(p.from)} to ${esc(p.to)} (end exclusive) · generated ${esc(ctx.generatedAt)}<br>Sources: ${ctx.sources.map(esc).join('; ')}</p>
<h2 id="summary">Summary</h2>
<div class="cards">
${card('open findings at the end', String(m.findings.open), `${m.findings.opened} opened, ${m.findings.closed} closed in the period`)}
${card('approvals verified', pct(m.approvals.verified, m.approvals.total), `${m.approvals.verified} of ${m.approvals.total}`)}
${card('median time to verified', days(median), `90th percentile ${days(p90)}`)}
${card('action decisions', String(m.actions.total), 'key expiry, revocation, restore')}
${card('review completion', reviews ? pct(reviews.decided, reviews.total) : 'n/a', reviews ? `${reviews.decided} of ${reviews.total} decided` : 'no decisions given')}
</div>
<h2 id="trend">Open findings by type</h2>
${lineChart('Open findings by type over the period', trendLabels, trendSeries)}
${barChart('Findings in the period by type', entries(m.findings.byType))}
<h2 id="verification">Time from approval to verified</h2>
<p>From each approval's <code>approvedAt</code> to the check that found it in place (<code>verifiedAt</code>): median ${days(median)}, 90th percentile ${days(p90)}, over ${m.daysToVerified.length} verified approval(s).</p>
${barChart('Approvals by time to verified', verificationBuckets(m.daysToVerified))}
<h2 id="approvals">Share of approvals verified</h2>
${shareRing('Approvals verified', m.approvals.verified, m.approvals.total)}
${barChart('Approvals by last outcome', entries(m.approvals.byOutcome))}
<h2 id="actions">Actions</h2>
${barChart('Action decisions', entries(m.actions.byDecision))}
<h2 id="reviews">Review completion</h2>
${reviewSection}
<h2 id="files">Files</h2>
<p>Records behind these figures, one JSON object per line: ${ctx.files.map((f) => `<code>${esc(f)}</code>`).join(', ')}. <code>manifest.json</code> lists the SHA-256 digest of every file and <code>manifest.sig</code> signs it: <code>tally evidence verify DIR</code> proves nothing was edited.</p>
</body></html>
`;
}
