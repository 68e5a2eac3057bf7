import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import type { StoredApproval } from '../../lib/approvals/approval-item';
import { approvalKey, type Approval } from '../../lib/core/approval';
import { parsePolicy } from '../../lib/core/policy';
import { campaignKey } from '../../lib/review/bucket-layout';
import { CampaignBucket } from '../../lib/review/campaign-bucket';
import { runReview, type ReviewRunDeps } from '../../lib/review/review-run';
import { inventory } from '../core/builders';
import { fakeBucket } from './fake-bucket';

const a: Approval = {
  ticketId: 'CHG-7', principal: 'arn:aws:iam::123456789012:role/app', entitlement: { kind: 'identity' }, approvedBy: 'carol@example.com', owner: 'bob@example.com',
  approvedAt: '2025-01-10T00:00:00.000Z', risk: 'standard', status: 'approved',
};
const stored: StoredApproval = { approvalKey: approvalKey(a), version: 1, approval: a };

describe('runReview', () => {
  const s3 = mockClient(S3Client);
  const bucket = fakeBucket(s3);

  function deps(policy = parsePolicy({ review: { escalation: 'revoke' } })) {
    const publish = vi.fn(async (events: readonly unknown[]) => ({ sent: events.length, failed: [], requests: 1 }));
    const revoke = vi.fn(async () => ({ version: 2 }));
    const d: ReviewRunDeps = {
      bucket: new CampaignBucket(new S3Client({ region: 'us-east-1' }), 'tally-reviews'),
      policy,
      accountId: '123456789012',
      readApprovals: async () => ({ approvals: [stored], invalid: [] }),
      readInventory: async () => ({ inventory: inventory(), warnings: [] }),
      publish,
      revoke,
    };
    return { d, publish, revoke };
  }

  it('neither escalates nor revokes when another run replaced the campaign state first (If-Match lost)', async () => {
    const { d, publish, revoke } = deps();
    const { campaignId } = await runReview(d, '2026-11-20T00:00:00.000Z');
    publish.mockClear();
    // Another run writes the campaign state between this run's read and its write.
    bucket.hooks.beforePut = (key) => {
      if (key !== campaignKey(campaignId!)) return;
      bucket.hooks.beforePut = undefined;
      const o = bucket.objects.get(key)!;
      bucket.objects.set(key, { ...o, etag: '"another-run"' });
    };
    const result = await runReview(d, '2026-12-10T00:00:00.000Z');
    expect(result.outcome).toBe('conflict');
    expect(publish).not.toHaveBeenCalled();
    expect(revoke).not.toHaveBeenCalled();
  });

  it('leaves an item undecided and says so when its approval changed before the revocation (stale version)', async () => {
    const { d, revoke } = deps();
    bucket.objects.clear();
    await runReview(d, '2026-11-20T00:00:00.000Z');
    const { StaleApprovalError } = await import('../../lib/approvals/store-errors');
    revoke.mockRejectedValueOnce(new StaleApprovalError({ table: 'approvals', operation: 'PutItem', approvalKey: stored.approvalKey }, { expected: 1, current: 2 }));
    const result = await runReview(d, '2026-12-10T00:00:00.000Z');
    expect(result).toMatchObject({ outcome: 'open', escalated: [stored.approvalKey], revoked: [], staleRevocations: [stored.approvalKey] });
  });

  it('asks again only after a rest as long as the deadline when a notify campaign closed with approvals undecided', async () => {
    const { d, publish } = deps(parsePolicy({ review: { escalation: 'notify', deadlineDays: 14 } }));
    bucket.objects.clear();
    const first = await runReview(d, '2026-11-01T00:00:00.000Z');
    expect(first.outcome).toBe('started');
    expect(await runReview(d, '2026-11-16T00:00:00.000Z')).toMatchObject({ outcome: 'closed', escalated: [stored.approvalKey] });
    publish.mockClear();
    expect(await runReview(d, '2026-11-29T23:59:59.000Z')).toMatchObject({ outcome: 'resting', campaignId: first.campaignId });
    expect(publish).not.toHaveBeenCalled();
    const again = await runReview(d, '2026-11-30T00:00:00.000Z');
    expect(again.outcome).toBe('started');
    expect(again.campaignId).not.toBe(first.campaignId);
  });
});
