import { approvalKey, type Approval } from '../approval';
import type { Policy } from '../policy';
import { DAY_MS, toMs } from '../time';
import type { DueItem } from './due';

export type ReviewDecision = 'keep' | 'revoke';

/** An owner's answer for one approval. */
export interface DecisionRecord {
  decision: ReviewDecision;
  decidedBy: string;
  decidedAt: string;
  comment?: string;
}

/** A review campaign: what was asked of whom, by when, and what came back. */
export interface Campaign {
  id: string;
  accountId: string;
  startedAt: string;
  deadline: string;
  escalation: Policy['review']['escalation'];
  items: DueItem[];
  /** By approval key. */
  decisions: Record<string, DecisionRecord>;
  /** Approval keys escalated, and when: an item is escalated once. */
  escalated: Record<string, string>;
}

/** A new campaign over `items`, its deadline `deadlineDays` after `now`. */
export function startCampaign(items: DueItem[], accountId: string, policy: Policy, now: string): Campaign {
  const id = `review-${accountId}-${now.replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
  return {
    id,
    accountId,
    startedAt: now,
    deadline: new Date(toMs(now) + policy.review.deadlineDays * DAY_MS).toISOString(),
    escalation: policy.review.escalation,
    items,
    decisions: {},
    escalated: {},
  };
}

/** An undecided item past the deadline: what the "Tally Review Escalated" event says of it. */
export interface Escalation {
  item: DueItem;
  action: Policy['review']['escalation'];
}

/** What applying a campaign's decisions did to its approvals. */
export interface CampaignOutcome {
  /** Every approval given, with decisions (and escalations that revoke) applied. */
  approvals: Approval[];
  recertified: string[];
  revoked: string[];
  /** Undecided past the deadline and not escalated before. */
  escalations: Escalation[];
  undecided: string[];
}

/**
 * Applies a campaign's decisions: keep → `recertifiedAt` = the decision's time (the next periodic
 * review counts from it); revoke → `status: revoked` (the revocation path removes the access). Past
 * the deadline, each undecided item not escalated yet is escalated, and with `escalation: revoke`
 * revoked as well. Marks escalated items on `campaign` (so they are escalated once). Pure but for that.
 */
export function applyCampaign(campaign: Campaign, approvals: Approval[], now: string): CampaignOutcome {
  const byKey = new Map(campaign.items.map((i) => [i.key, i]));
  const pastDeadline = toMs(now) >= toMs(campaign.deadline);
  const recertified: string[] = [];
  const revoked: string[] = [];
  const escalations: Escalation[] = [];
  const undecided: string[] = [];
  const change = new Map<string, Partial<Approval>>();
  for (const item of campaign.items) {
    const d = campaign.decisions[item.key];
    if (d?.decision === 'keep') {
      change.set(item.key, { recertifiedAt: d.decidedAt });
      recertified.push(item.key);
    } else if (d?.decision === 'revoke') {
      change.set(item.key, { status: 'revoked' });
      revoked.push(item.key);
    } else if (pastDeadline) {
      if (campaign.escalated[item.key] === undefined) {
        escalations.push({ item, action: campaign.escalation });
        campaign.escalated[item.key] = now;
      }
      if (campaign.escalation === 'revoke') {
        change.set(item.key, { status: 'revoked' });
        revoked.push(item.key);
      } else undecided.push(item.key);
    } else undecided.push(item.key);
  }
  const updated = approvals.map((a) => {
    const key = approvalKey(a);
    const c = byKey.has(key) && a.status === 'approved' ? change.get(key) : undefined;
    return c ? { ...a, ...c } : a;
  });
  return { approvals: updated, recertified, revoked, escalations, undecided };
}

/** Counts for `tally review status`. */
export function campaignStatus(campaign: Campaign, now: string): { items: number; kept: number; revoked: number; undecided: number; overdue: boolean } {
  const ds = campaign.items.map((i) => campaign.decisions[i.key]?.decision);
  return {
    items: ds.length,
    kept: ds.filter((d) => d === 'keep').length,
    revoked: ds.filter((d) => d === 'revoke').length,
    undecided: ds.filter((d) => d === undefined).length,
    overdue: toMs(now) >= toMs(campaign.deadline),
  };
}
