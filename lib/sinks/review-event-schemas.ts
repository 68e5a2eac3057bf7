import { z } from 'zod';
import { accountId, instant, version } from './event-schema-parts';

/** "Tally Review Escalated": an approval in a review campaign left undecided past the deadline (docs/reviews.md). */
export const reviewEscalatedDetailSchema = z
  .object({
    schemaVersion: version,
    campaignId: z.string().min(1),
    accountId,
    approvalKey: z.string(),
    ticketId: z.string(),
    principal: z.string(),
    /** Who was asked: the approval's `owner`, else `approvedBy`. */
    owner: z.string(),
    reasons: z.array(z.enum(['periodic', 'no-owner', 'unused'])).min(1),
    suggestion: z.enum(['keep', 'revoke']),
    deadline: instant,
    /** `notify`: only this event; `revoke`: the approval is treated as revoked (policy `review.escalation`). */
    action: z.enum(['notify', 'revoke']),
    escalatedAt: instant,
  })
  .strict();

/** "Tally Review Requested": an owner is asked to review the approvals of a campaign, in the packets named (docs/reviews.md). */
export const reviewRequestedDetailSchema = z
  .object({
    schemaVersion: version,
    campaignId: z.string().min(1),
    accountId,
    /** Who is asked: the approvals' `owner`, else `approvedBy`. */
    owner: z.string().min(1),
    startedAt: instant,
    deadline: instant,
    /** Approvals in this owner's packet. */
    items: z.number().int().positive(),
    /** Of them, suggested for revocation (unused past the window). */
    suggestedRevoke: z.number().int().nonnegative(),
    bucket: z.string().min(1),
    /** S3 keys of the owner's packet: the page to read and the CSV to return with decisions. */
    packets: z.object({ html: z.string().min(1), csv: z.string().min(1) }).strict(),
  })
  .strict();

export type ReviewEscalatedDetail = z.infer<typeof reviewEscalatedDetailSchema>;
export type ReviewRequestedDetail = z.infer<typeof reviewRequestedDetailSchema>;
