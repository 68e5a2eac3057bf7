import type { StoredApproval } from '../approvals/approval-item';
import type { Campaign, DecisionRecord } from '../core/review/campaign';
import { toMs } from '../core/time';

/** Who a decision read back from an escalation's own revocation is recorded as. */
export const ESCALATION_DECIDER = 'tally (escalation)';

/**
 * The decisions the approvals table shows for a campaign's undecided items, by approval key. An
 * item is kept when its approval's `recertifiedAt` is at or after the campaign's start (a
 * "Tally Approval Recertified" event, or `tally review decide` imported); revoked when the approval
 * is revoked, expired or gone from the table since (a "Tally Approval Revoked" event, an import, or
 * the escalation's own revocation). Items already decided, and items whose stored approval could
 * not be read (`unreadable`), are left as they are. Pure.
 */
export function tableDecisions(
  campaign: Campaign,
  current: ReadonlyMap<string, StoredApproval>,
  now: string,
  unreadable: ReadonlySet<string> = new Set(),
): Record<string, DecisionRecord> {
  const started = toMs(campaign.startedAt);
  const nowMs = toMs(now);
  const out: Record<string, DecisionRecord> = {};
  for (const item of campaign.items) {
    if (campaign.decisions[item.key] || unreadable.has(item.key)) continue;
    const a = current.get(item.key)?.approval;
    const byEscalation = campaign.escalation === 'revoke' && campaign.escalated[item.key] !== undefined;
    const revoked = (comment: string): DecisionRecord => ({ decision: 'revoke', decidedBy: byEscalation ? ESCALATION_DECIDER : item.owner, decidedAt: now, comment });
    if (!a) out[item.key] = revoked('approval no longer in the approvals table');
    else if (a.status === 'revoked') out[item.key] = revoked('approval revoked in the approvals table');
    else if (a.expiresAt && toMs(a.expiresAt) <= nowMs) out[item.key] = revoked(`approval expired ${a.expiresAt}`);
    else if (a.recertifiedAt && toMs(a.recertifiedAt) >= started) out[item.key] = { decision: 'keep', decidedBy: item.owner, decidedAt: a.recertifiedAt, comment: 'recertified in the approvals table' };
  }
  return out;
}
