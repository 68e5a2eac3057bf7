import type { Campaign, Escalation } from '../core/review/campaign';
import { DETAIL_TYPES, SCHEMA_VERSION, type ReviewEscalatedDetail } from '../sinks/event-schemas';
import type { TallyEvent } from '../sinks/eventbridge-events';

/** The "Tally Review Escalated" event of one approval left undecided past the campaign's deadline. */
export function escalationEvent(campaign: Campaign, e: Escalation, now: string): TallyEvent {
  const { item } = e;
  const detail: ReviewEscalatedDetail = {
    schemaVersion: SCHEMA_VERSION,
    campaignId: campaign.id,
    accountId: campaign.accountId,
    approvalKey: item.key,
    ticketId: item.approval.ticketId,
    principal: item.approval.principal,
    owner: item.owner,
    reasons: item.reasons,
    suggestion: item.suggestion,
    deadline: campaign.deadline,
    action: e.action,
    escalatedAt: now,
  };
  const resources = item.approval.principal.startsWith('arn:') ? [item.approval.principal] : [];
  return { detailType: DETAIL_TYPES.reviewEscalated, id: `${campaign.id}|${item.key}`, time: now, resources, detail };
}
