import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { DecisionRecord, ReviewDecision } from '../core/review/campaign';
import type { DueItem } from '../core/review/due';
import { ReviewInputError } from './review-errors';

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

const DECISIONS: Record<string, ReviewDecision> = { keep: 'keep', recertify: 'keep', revoke: 'revoke', remove: 'revoke' };

/** A returned packet's decisions, by approval key, for `campaignId`; blank decisions are left out. */
export function parseReturnedCsv(text: string, file: string, campaignId: string, owner: (key: string) => string | undefined, now: string): Record<string, DecisionRecord> {
  const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const out: Record<string, DecisionRecord> = {};
  rows.forEach((row, i) => {
    const line = i + 2;
    if (row.campaign !== undefined && row.campaign !== campaignId) throw new ReviewInputError(file, line, `campaign ${row.campaign}, not ${campaignId}`);
    const key = row.approval_key ?? '';
    const by = owner(key);
    if (by === undefined) throw new ReviewInputError(file, line, `approval_key ${JSON.stringify(key)} is not in campaign ${campaignId}`);
    const raw = (row.decision ?? '').trim().toLowerCase();
    if (raw === '') return;
    const decision = DECISIONS[raw];
    if (!decision) throw new ReviewInputError(file, line, `decision ${JSON.stringify(row.decision)}: expected keep or revoke`);
    const comment = (row.comment ?? '').trim();
    out[key] = { decision, decidedBy: by, decidedAt: now, ...(comment ? { comment } : {}) };
  });
  return out;
}
