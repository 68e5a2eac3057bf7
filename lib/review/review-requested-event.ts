import type { Campaign } from '../core/review/campaign';
import type { DueItem } from '../core/review/due';
import { DETAIL_TYPES, SCHEMA_VERSION, type ReviewRequestedDetail } from '../sinks/event-schemas';
import type { TallyEvent } from '../sinks/eventbridge-events';
import { REVIEWS_PREFIX } from './bucket-layout';
import { ownerSlug } from './campaign-folder';

/** The S3 keys of an owner's packet in a campaign: `reviews/<campaignId>/packets/<owner>.html|.csv`. */
export function packetKeys(campaignId: string, owner: string): { html: string; csv: string } {
  const base = `${REVIEWS_PREFIX}${campaignId}/packets/${ownerSlug(owner)}`;
  return { html: `${base}.html`, csv: `${base}.csv` };
}

/** The "Tally Review Requested" event asking `owner` to review `items` of `campaign`. */
export function reviewRequestedEvent(campaign: Campaign, owner: string, items: readonly DueItem[], bucket: string, now: string): TallyEvent {
  const detail: ReviewRequestedDetail = {
    schemaVersion: SCHEMA_VERSION,
    campaignId: campaign.id,
    accountId: campaign.accountId,
    owner,
    startedAt: campaign.startedAt,
    deadline: campaign.deadline,
    items: items.length,
    suggestedRevoke: items.filter((i) => i.suggestion === 'revoke').length,
    bucket,
    packets: packetKeys(campaign.id, owner),
  };
  return { detailType: DETAIL_TYPES.reviewRequested, id: `${campaign.id}|${owner}`, time: now, resources: [], detail };
}
