import { z } from 'zod';

/**
 * Thresholds and switches of a sweep. Defaults and where they come from:
 * - accessKeyMaxAgeDays 90: CIS AWS Foundations 1.14, Security Hub IAM.3 (keys rotated every 90 days).
 * - accessKeyUnusedDays 45: CIS AWS Foundations 1.12, Security Hub IAM.22 (credentials unused 45 days).
 * - neverUsedKeyGraceDays 7: Tally's own; a new key is given a week to be put into use before it counts as unused.
 * - roleUnusedDays 90: IAM Access Analyzer's default unused-access window.
 * - secretRotationDays 90: Security Hub SecretsManager.4 (rotated within 90 days).
 * - secretUnusedDays 90: Security Hub SecretsManager.3 (unused secrets removed after 90 days).
 * - requireSecretRotation true: Security Hub SecretsManager.1 (automatic rotation enabled).
 * - privileged: Tally's stricter defaults for `privileged` approvals and admin-like access.
 * - provisioningGraceHours 24: time allowed between approval and provisioning.
 */
const thresholdsSchema = z
  .object({
    accessKeyMaxAgeDays: z.number().int().positive(),
    accessKeyUnusedDays: z.number().int().positive(),
    roleUnusedDays: z.number().int().positive(),
    secretRotationDays: z.number().int().positive(),
    secretUnusedDays: z.number().int().positive(),
  })
  .strict();

export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_POLICY = {
  standard: {
    accessKeyMaxAgeDays: 90,
    accessKeyUnusedDays: 45,
    roleUnusedDays: 90,
    secretRotationDays: 90,
    secretUnusedDays: 90,
  },
  privileged: {
    accessKeyMaxAgeDays: 30,
    accessKeyUnusedDays: 30,
    roleUnusedDays: 45,
    secretRotationDays: 30,
    secretUnusedDays: 45,
  },
  neverUsedKeyGraceDays: 7,
  requireSecretRotation: true,
  provisioningGraceHours: 24,
  exemptTag: 'tally:exempt',
  review: { privilegedDays: 90, standardDays: 365, deadlineDays: 14, escalation: 'notify' },
} as const;

/**
 * Review campaigns (docs/reviews.md): how often approvals are recertified by risk, counted from
 * `recertifiedAt` (else `approvedAt`); days an owner has to answer; what happens to an undecided one
 * past the deadline (`notify`: a "Tally Review Escalated" event; `revoke`: that, and the approval is revoked).
 */
const reviewSchema = z
  .object({
    privilegedDays: z.number().int().positive().default(DEFAULT_POLICY.review.privilegedDays),
    standardDays: z.number().int().positive().default(DEFAULT_POLICY.review.standardDays),
    deadlineDays: z.number().int().positive().default(DEFAULT_POLICY.review.deadlineDays),
    escalation: z.enum(['notify', 'revoke']).default(DEFAULT_POLICY.review.escalation),
  })
  .strict();

export const policySchema = z
  .object({
    standard: thresholdsSchema.partial().strict().default({}),
    privileged: thresholdsSchema.partial().strict().default({}),
    neverUsedKeyGraceDays: z.number().nonnegative().default(DEFAULT_POLICY.neverUsedKeyGraceDays),
    requireSecretRotation: z.boolean().default(DEFAULT_POLICY.requireSecretRotation),
    provisioningGraceHours: z.number().nonnegative().default(DEFAULT_POLICY.provisioningGraceHours),
    exemptTag: z.string().min(1).default(DEFAULT_POLICY.exemptTag),
    /** Tag key naming a principal's owner, for drafts (case-insensitive); absent: `owner` or `tally:owner`. */
    ownerTag: z.string().min(1).optional(),
    review: reviewSchema.default(() => reviewSchema.parse({})),
  })
  .strict()
  .transform((p) => ({
    ...p,
    standard: { ...DEFAULT_POLICY.standard, ...p.standard },
    privileged: { ...DEFAULT_POLICY.privileged, ...p.privileged },
  }));

export type Policy = z.output<typeof policySchema>;

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`policy: ${field}: ${message}`);
  }
}

/** Validates a policy object (missing keys take their defaults); throws PolicyError naming the field. */
export function parsePolicy(input: unknown): Policy {
  const parsed = policySchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const unknownKeys = (issue as { keys?: string[] }).keys ?? [];
    const field = [...issue.path.map(String), ...unknownKeys].join('.') || '(root)';
    throw new PolicyError(field, issue.message);
  }
  return parsed.data;
}
