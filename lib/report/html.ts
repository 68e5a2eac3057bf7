import { SEVERITIES, severityRank, type Finding } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import { resourceLabel } from './table';

/** `text` safe inside HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
.CRITICAL{color:#a00;font-weight:bold}.HIGH{color:#c00}.MEDIUM{color:#a60}.LOW{color:#06c}.INFORMATIONAL{color:#666}
td.id{font:11px monospace;color:#666}`;

function row(f: Finding): string {
  const cells = [f.severity, f.type, resourceLabel(f), f.summary, f.approval?.ticketId ?? '', f.control ?? '', [f.exempt ? `exempt: ${f.exempt.reason}` : '', f.privileged ? 'privileged' : ''].filter(Boolean).join('; '), f.id];
  const [severity, ...rest] = cells.map(escapeHtml);
  return `<tr><td class="${escapeHtml(f.severity)}">${severity}</td>${rest.map((c, i) => `<td${i === rest.length - 1 ? ' class="id"' : ''}>${c}</td>`).join('')}</tr>`;
}

/**
 * A standalone HTML report: one file, inline style, no script, nothing fetched from the network.
 * Findings worst first; every string from the data is escaped.
 */
export function renderHtml(result: ReconcileResult): string {
  const findings = [...result.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  const counts = [...SEVERITIES].reverse().map((s) => `${s} ${result.findings.filter((f) => f.severity === s).length}`).join(' · ');
  const title = `Tally access reconciliation — account ${escapeHtml(result.accountId)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title><style>${CSS}</style></head>
<body><h1>${title}</h1>
<p>Evaluated ${escapeHtml(result.evaluatedAt)} · ${result.findings.length} findings (${counts}) · ${result.summary.approvals} approvals · ${result.summary.principals} principals · ${result.summary.secrets} secrets</p>
${result.incomplete.length ? `<p><strong>Incomplete inventory — not read: ${escapeHtml(result.incomplete.join(', '))}. Results in those areas are partial.</strong></p>\n` : ''}<table><thead><tr><th>Severity</th><th>Type</th><th>Resource</th><th>Finding</th><th>Ticket</th><th>Control</th><th>Flags</th><th>Id</th></tr></thead>
<tbody>
${findings.map(row).join('\n')}
</tbody></table>
</body></html>
`;
}
