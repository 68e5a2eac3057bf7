import type { ApprovalList } from '../approvals/approval-store';
import { StaleApprovalError } from '../approvals/store-errors';
import type { Inventory } from '../core/inventory';
import type { Policy } from '../core/policy';
import { applyCampaign, startCampaign } from '../core/review/campaign';
import { groupByOwner, selectDue } from '../core/review/due';
import { DAY_MS, toMs } from '../core/time';
import type { FailedEvent, PublishReport } from '../sinks/eventbridge';
import type { TallyEvent } from '../sinks/eventbridge-events';
import { campaignKey } from './bucket-layout';
import type { BucketCampaignState, CampaignBucket, Versioned } from './campaign-bucket';
import { escalationEvent } from './escalation-event';
import { packetCsv } from './packet-csv';
import { packetHtml } from './packet-html';
import { packetKeys, reviewRequestedEvent } from './review-requested-event';
import { tableDecisions } from './table-decisions';

/** What one scheduled review run needs; the live wiring is lib/review/live-review.ts. */
export interface ReviewRunDeps {
  bucket: CampaignBucket;
  policy: Policy;
  accountId: string;
  /** The approvals table, with store versions (read every run). */
  readApprovals(): Promise<ApprovalList>;
  /** The inventory with Access Analyzer findings, as the sweep reads it (read only to start a campaign). */
  readInventory(): Promise<{ inventory: Inventory; warnings: string[] }>;
  publish(events: readonly TallyEvent[]): Promise<PublishReport>;
  /** Version-checked revocation of one approval (IntakeStore.revoke); throws StaleApprovalError when it changed. */
  revoke(approvalKey: string, expectedVersion: number): Promise<unknown>;
}

/** What a run did. `conflict`: another run wrote the campaign state first, and this one did nothing. */
export interface ReviewRunResult {
  outcome: 'nothing-due' | 'resting' | 'started' | 'open' | 'closed' | 'conflict';
  campaignId?: string;
  /** Owners asked in this run. */
  requested: string[];
  /** Items whose decision was read from the approvals table in this run. */
  decided: string[];
  escalated: string[];
  revoked: string[];
  /** Revocations refused because the approval changed since it was read; the next run looks again. */
  staleRevocations: string[];
  failedEvents: FailedEvent[];
  warnings: string[];
}

const empty = (outcome: ReviewRunResult['outcome'], warnings: string[], campaignId?: string): ReviewRunResult => ({
  outcome, ...(campaignId ? { campaignId } : {}), requested: [], decided: [], escalated: [], revoked: [], staleRevocations: [], failedEvents: [], warnings,
});

/**
 * One scheduled review run at `now`. With no campaign open: select the due approvals and start one
 * (its state created with If-None-Match, then the open pointer claimed with If-Match, so two runs
 * never both start). With one open: read its decisions back from the approvals table, ask owners
 * not yet asked, past the deadline escalate each undecided item once (and with `escalation: revoke`
 * revoke it), close it when nothing is undecided or everything undecided is escalated. Every
 * change of state is one If-Match write made before any event or revocation: a run that loses it
 * acts on nothing.
 */
export async function runReview(deps: ReviewRunDeps, now: string): Promise<ReviewRunResult> {
  const pointer = await deps.bucket.readPointer();
  const approvals = await deps.readApprovals();
  if (pointer?.body.campaignId) return advance(deps, await deps.bucket.readCampaign(pointer.body.campaignId), pointer.etag, approvals, now, 'open', []);
  // Undecided approvals stay due after a `notify` campaign closes: owners are asked again only after a
  // rest as long as the deadline they had, not by the next day's run.
  if (pointer?.body.lastCampaignId && toMs(now) < toMs(pointer.body.updatedAt) + deps.policy.review.deadlineDays * DAY_MS) {
    return empty('resting', [], pointer.body.lastCampaignId);
  }

  const { inventory, warnings } = await deps.readInventory();
  const items = selectDue(approvals.approvals.map((s) => s.approval), inventory, deps.policy, now);
  if (!items.length) return empty('nothing-due', warnings);
  const campaign = startCampaign(items, deps.accountId, deps.policy, now);
  const state: BucketCampaignState = { campaign, approvals: items.map((i) => i.approval), requested: {}, packets: {} };
  const created = await deps.bucket.writeCampaign(state, undefined);
  if (created === undefined) return empty('conflict', warnings, campaign.id);
  const claimed = await deps.bucket.writePointer({ campaignId: campaign.id, ...lastOf(pointer?.body.lastCampaignId), updatedAt: now }, pointer?.etag);
  if (claimed === undefined) {
    return empty('conflict', [...warnings, `another run opened a campaign first; ${campaignKey(campaign.id)} is left unused`], campaign.id);
  }
  return advance(deps, { body: state, etag: created }, claimed, approvals, now, 'started', warnings);
}

const lastOf = (id: string | undefined) => (id ? { lastCampaignId: id } : {});

async function advance(
  deps: ReviewRunDeps,
  read: Versioned<BucketCampaignState>,
  pointerEtag: string,
  approvals: ApprovalList,
  now: string,
  outcome: 'started' | 'open',
  warnings: string[],
): Promise<ReviewRunResult> {
  const state = read.body;
  const { campaign } = state;
  const current = new Map(approvals.approvals.map((s) => [s.approvalKey, s]));
  const decided = tableDecisions(campaign, current, now, new Set(approvals.invalid.map((i) => i.approvalKey)));
  Object.assign(campaign.decisions, decided);

  const owners = groupByOwner(campaign.items).filter((g) => state.requested[g.owner] === undefined);
  for (const { owner, items } of owners) {
    const keys = packetKeys(campaign.id, owner);
    await deps.bucket.writeFile(keys.csv, packetCsv(campaign.id, items), 'text/csv; charset=utf-8');
    await deps.bucket.writeFile(keys.html, packetHtml(campaign, owner, items, keys.csv.split('/').pop()!), 'text/html; charset=utf-8');
    state.requested[owner] = now;
    state.packets[owner] = keys;
  }

  // applyCampaign marks each undecided item past the deadline as escalated, once.
  const applied = applyCampaign(campaign, [], now);
  const pastDeadline = toMs(now) >= toMs(campaign.deadline);
  const undecided = campaign.items.filter((i) => !campaign.decisions[i.key]);
  const toRevoke = pastDeadline && campaign.escalation === 'revoke' ? undecided : [];
  const close = undecided.length === 0 || (pastDeadline && campaign.escalation === 'notify');
  if (close) state.closedAt = now;

  const changed = Object.keys(decided).length > 0 || owners.length > 0 || applied.escalations.length > 0 || close;
  if (changed && (await deps.bucket.writeCampaign(state, read.etag)) === undefined) return empty('conflict', warnings, campaign.id);

  const events = [
    ...owners.map(({ owner, items }) => reviewRequestedEvent(campaign, owner, items, deps.bucket.bucket, now)),
    ...applied.escalations.map((e) => escalationEvent(campaign, e, now)),
  ];
  const report = events.length ? await deps.publish(events) : { sent: 0, failed: [], requests: 0 };

  const revoked: string[] = [];
  const stale: string[] = [];
  for (const item of toRevoke) {
    const stored = current.get(item.key);
    if (!stored) continue;
    try {
      await deps.revoke(item.key, stored.version);
      revoked.push(item.key);
    } catch (e) {
      if (!(e instanceof StaleApprovalError)) throw e;
      stale.push(item.key);
    }
  }

  if (close && (await deps.bucket.writePointer({ campaignId: null, lastCampaignId: campaign.id, updatedAt: now }, pointerEtag)) === undefined) {
    warnings.push(`campaign ${campaign.id} closed, but the open pointer changed meanwhile and was left as it is`);
  }
  return {
    outcome: close ? 'closed' : outcome,
    campaignId: campaign.id,
    requested: owners.map((o) => o.owner),
    decided: Object.keys(decided),
    escalated: applied.escalations.map((e) => e.item.key),
    revoked,
    staleRevocations: stale,
    failedEvents: report.failed,
    warnings,
  };
}
