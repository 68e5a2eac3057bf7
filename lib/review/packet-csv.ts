import { stringify } from 'csv-stringify/sync';
import type { DueItem } from '../core/review/due';

/** Columns of a review packet's CSV; the owner fills in `decision` (keep / revoke) and may add a `comment`. */
export const PACKET_COLUMNS = [
  'campaign',
  'approval_key',
  'ticket',
  'ticket_url',
  'principal',
  'entitlement',
  'risk',
  'approved_at',
  'age_days',
  'last_reviewed_at',
  'last_used',
  'idle_days',
  'usage',
  'reasons',
  'suggestion',
  'decision',
  'comment',
] as const;

/** A formula-looking cell is quoted with `'` so a spreadsheet shows it instead of running it. */
function cell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** One owner's packet as CSV: one row per approval, `decision` and `comment` empty. */
export function packetCsv(campaignId: string, items: readonly DueItem[]): string {
  const rows = items.map((i) =>
    [
      campaignId,
      i.key,
      i.approval.ticketId,
      i.approval.ticketUrl ?? '',
      i.approval.principal,
      i.entitlement,
      i.approval.risk,
      i.approval.approvedAt,
      String(i.ageDays),
      i.lastReviewedAt,
      i.lastUsedAt ?? (i.idleDays === undefined ? 'unknown' : 'never'),
      i.idleDays === undefined ? '' : String(i.idleDays),
      i.usage ?? '',
      i.reasons.join(' '),
      i.suggestion,
      '',
      '',
    ].map(cell),
  );
  return stringify([[...PACKET_COLUMNS], ...rows]);
}
