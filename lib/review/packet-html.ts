import type { Campaign } from '../core/review/campaign';
import type { DueItem } from '../core/review/due';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const REASON_TEXT: Record<string, string> = { periodic: 'periodic review due', 'no-owner': 'no owner named', unused: 'unused past the window' };

function row(i: DueItem): string {
  const url = i.approval.ticketUrl;
  const ticket = url && /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(i.approval.ticketId)}</a>` : escapeHtml(i.approval.ticketId);
  const cells = [
    ticket,
    escapeHtml(i.approval.principal),
    escapeHtml(i.entitlement),
    escapeHtml(i.approval.risk),
    `${i.ageDays} d`,
    escapeHtml(i.usage ?? 'no last-use data'),
    escapeHtml(i.reasons.map((r) => REASON_TEXT[r] ?? r).join('; ')),
    `<strong class="${i.suggestion}">${i.suggestion}</strong>`,
  ];
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/**
 * One owner's packet as a standalone HTML page: inline style, no script, no fetched resource (a
 * Content-Security-Policy forbids any); every value escaped. The owner answers in the CSV beside it.
 */
export function packetHtml(campaign: Pick<Campaign, 'id' | 'accountId' | 'startedAt' | 'deadline'>, owner: string, items: readonly DueItem[], csvName: string): string {
  const revoke = items.filter((i) => i.suggestion === 'revoke').length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Access review for ${escapeHtml(owner)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.revoke{color:#b00}.keep{color:#070}.meta{color:#555}
</style></head><body>
<h1>Access review for ${escapeHtml(owner)}</h1>
<p class="meta">Campaign ${escapeHtml(campaign.id)} · account ${escapeHtml(campaign.accountId)} · started ${escapeHtml(campaign.startedAt.slice(0, 10))} · answer by <strong>${escapeHtml(campaign.deadline.slice(0, 10))}</strong></p>
<p>${items.length} approval${items.length === 1 ? '' : 's'} to review; ${revoke} suggested for revocation (unused past the window).
For each row, write <code>keep</code> or <code>revoke</code> in the <code>decision</code> column of <code>${escapeHtml(csvName)}</code> and return it.
Undecided approvals are escalated after the deadline.</p>
<table><thead><tr><th>Ticket</th><th>Principal</th><th>Entitlement</th><th>Risk</th><th>Age</th><th>Last use</th><th>Why now</th><th>Suggestion</th></tr></thead>
<tbody>
${items.map(row).join('\n')}
</tbody></table>
</body></html>
`;
}
