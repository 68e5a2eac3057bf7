import { parse } from 'csv-parse/sync';
import type { DecisionRecord, ReviewDecision } from '../core/review/campaign';
import { ReviewInputError } from './review-errors';

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
