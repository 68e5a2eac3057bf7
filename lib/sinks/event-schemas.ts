import { z } from 'zod';
import { verifiedViaSchema } from '../approvals/evidence';
import { APPROVAL_STATUSES, type EntitlementKind } from '../core/approval';
import { FINDING_TYPES, isEvidence, RESOURCE_TYPES, SEVERITIES } from '../core/finding';
import { accountId, instant, version } from './event-schema-parts';
import { reviewEscalatedDetailSchema, reviewRequestedDetailSchema } from './review-event-schemas';

export { reviewEscalatedDetailSchema, reviewRequestedDetailSchema, type ReviewEscalatedDetail, type ReviewRequestedDetail } from './review-event-schemas';

/**
 * Detail schemas of the events Tally puts on EventBridge (docs/events.md). Versioned: every detail
 * carries `schemaVersion`; a change that removes or retypes a field raises it, adding an optional
 * field does not. Consumers should match on `source`, `detail-type` and `detail.schemaVersion`.
 */

export { EVENT_SOURCE, SCHEMA_VERSION } from './event-schema-parts';

export const DETAIL_TYPES = {
  finding: 'Tally Finding',
  approvalVerified: 'Tally Approval Verified',
  keyExpiryWarning: 'Tally Key Expiry Warning',
  actionExecuted: 'Tally Action Executed',
  secretRotationFailed: 'Tally Secret Rotation Failed',
  approvalRequested: 'Tally Approval Requested',
  approvalNotProvisioned: 'Tally Approval Not Provisioned',
  approvalRejected: 'Tally Approval Rejected',
  reviewEscalated: 'Tally Review Escalated',
  reviewRequested: 'Tally Review Requested',
} as const;
export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

const slot = z.union([z.literal(1), z.literal(2)]);
const MISMATCH_TYPES = FINDING_TYPES.filter((t) => !isEvidence(t)) as [string, ...string[]];
const ENTITLEMENT_KINDS = ['identity', 'managed-policy', 'inline-policy', 'group-membership', 'access-key', 'role-trust', 'secret'] as const satisfies readonly EntitlementKind[];

const approvalRef = z
  .object({
    key: z.string(),
    ticketId: z.string(),
    approvedBy: z.string(),
    approvedAt: instant,
    expiresAt: instant.optional(),
    status: z.enum(APPROVAL_STATUSES),
    risk: z.enum(['standard', 'privileged']),
  })
  .strict();

/** "Tally Finding": one per mismatch or hygiene finding (every type but RECONCILED). */
export const findingDetailSchema = z
  .object({
    schemaVersion: version,
    findingId: z.string().min(1),
    accountId,
    type: z.enum(MISMATCH_TYPES),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    summary: z.string(),
    resource: z
      .object({
        type: z.enum(RESOURCE_TYPES),
        id: z.string(),
        name: z.string(),
        principalArn: z.string().optional(),
        accessKeySlot: slot.optional(),
        accessKeyId: z.string().optional(),
        createdAt: instant.optional(),
      })
      .strict(),
    approval: approvalRef.optional(),
    observed: z
      .object({ principal: z.string(), kind: z.enum(ENTITLEMENT_KINDS), target: z.string(), via: z.string().optional(), source: z.string() })
      .strict()
      .optional(),
    threshold: z.object({ name: z.string(), limitDays: z.number(), actualDays: z.number().nullable(), reference: z.string() }).strict().optional(),
    control: z.string().optional(),
    privileged: z.boolean(),
    /** Always present so a rule can match `"exempt": [false]`. */
    exempt: z.boolean(),
    exemptReason: z.string().optional(),
    detectedAt: instant,
    /**
     * Why this event: the finding is `new`, `changed` or `reopened` since the last publication, or
     * `cleared` (gone from a complete read). Absent on a full re-publication.
     */
    change: z.enum(['new', 'changed', 'reopened', 'cleared']).optional(),
  })
  .strict();

/** What every event about one approval says of it: whose, which ticket, which finding, who approved when. */
const approvalEventFields = {
  schemaVersion: version,
  accountId,
  ticketId: z.string(),
  approvalKey: z.string(),
  findingId: z.string(),
  principal: z.string(),
  approvedBy: z.string(),
  approvedAt: instant,
};

/** "Tally Approval Verified": an approval whose entitlement matches AWS (or whose revocation is done). */
export const approvalVerifiedDetailSchema = z
  .object({
    ...approvalEventFields,
    entitlement: z.object({ kind: z.enum(ENTITLEMENT_KINDS), target: z.string() }).strict().optional(),
    status: z.enum(APPROVAL_STATUSES),
    risk: z.enum(['standard', 'privileged']),
    expiresAt: instant.optional(),
    verifiedAt: instant,
    /** The entitlement as Tally saw it (its source call, the group it comes through, and details such as a document hash). */
    observed: z
      .object({
        source: z.string(),
        via: z.string().optional(),
        detail: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
      })
      .strict()
      .optional(),
    /** How Tally checked: a sweep (run id), a CloudTrail event (id, name, time, the actor who made the change), or the approval's own change. */
    verifiedVia: verifiedViaSchema.optional(),
  })
  .strict();

/** "Tally Approval Not Provisioned": an approval whose provisioning grace passed with nothing in AWS, once (when its finding opens). */
export const approvalNotProvisionedDetailSchema = z
  .object({
    ...approvalEventFields,
    /** The grace it was given, in hours (the approval's own, else the policy's). */
    provisioningGraceHours: z.number().nonnegative(),
    detectedAt: instant,
  })
  .strict();

/** "Tally Key Expiry Warning": a key that crosses the stale or unused threshold within a warn window. */
export const keyExpiryWarningDetailSchema = z
  .object({
    schemaVersion: version,
    warningId: z.string(),
    accountId,
    userArn: z.string(),
    userName: z.string(),
    accessKeySlot: slot,
    accessKeyId: z.string().optional(),
    reason: z.enum(['STALE_ACCESS_KEY', 'UNUSED_ACCESS_KEY']),
    expiresAt: instant,
    daysLeft: z.number().int().nonnegative(),
    warnDay: z.number().int().nonnegative(),
    threshold: z.object({ name: z.string(), limitDays: z.number() }).strict(),
    privileged: z.boolean(),
    evaluatedAt: instant,
  })
  .strict();

/** "Tally Action Executed": a change Tally made in enforce mode (today: one key deactivated). */
export const actionExecutedDetailSchema = z
  .object({
    schemaVersion: version,
    runId: z.string(),
    findingId: z.string(),
    action: z.literal('deactivate-access-key'),
    outcome: z.literal('deactivated'),
    userArn: z.string(),
    userName: z.string(),
    accessKeySlot: slot,
    accessKeyId: z.string(),
    reason: z.string(),
    before: z.object({ status: z.string(), lastUsed: z.string().nullable() }).strict(),
    after: z.object({ status: z.string() }).strict(),
    actor: z.string(),
    at: instant,
  })
  .strict();

/**
 * "Tally Action Executed" for a revocation: the entitlement an ended approval named, removed in
 * enforce mode. `actionId` is what `tally restore` takes; `before` holds what a restore puts back.
 */
export const revocationExecutedDetailSchema = z
  .object({
    schemaVersion: version,
    runId: z.string(),
    findingId: z.string(),
    actionId: z.string(),
    action: z.literal('revoke-entitlement'),
    outcome: z.literal('revoked'),
    entitlement: z.enum(['managed-policy', 'inline-policy', 'group-membership', 'access-key']),
    principalArn: z.string(),
    principalName: z.string(),
    target: z.string(),
    tickets: z.array(z.string()),
    reason: z.string(),
    before: z.object({ present: z.boolean(), document: z.string().optional(), activeKeys: z.array(z.string()).optional() }).strict(),
    after: z.object({ present: z.boolean(), activeKeys: z.array(z.string()).optional() }).strict(),
    actor: z.string(),
    at: instant,
  })
  .strict();

/** "Tally Secret Rotation Failed": Secrets Manager reported a failed rotation (CloudTrail `RotationFailed`). */
export const secretRotationFailedDetailSchema = z
  .object({
    schemaVersion: version,
    accountId,
    region: z.string().min(1),
    /** `additionalEventData.SecretId` of the CloudTrail event: the secret's ARN. */
    secretArn: z.string().min(1),
    /** The CloudTrail `eventID`: the de-duplication key. */
    eventId: z.string().min(1),
    failedAt: instant,
    /** `errorCode: errorMessage` of the event, when it has either. */
    errorMessage: z.string().optional(),
  })
  .strict();

const draftEntitlement = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('identity') }).strict(),
  z.object({ kind: z.literal('managed-policy'), policyArn: z.string() }).strict(),
  z.object({ kind: z.literal('inline-policy'), policyName: z.string(), documentSha256: z.string().optional() }).strict(),
  z.object({ kind: z.literal('group-membership'), group: z.string() }).strict(),
  z.object({ kind: z.literal('access-key'), maxKeys: z.number().int() }).strict(),
  z.object({ kind: z.literal('role-trust'), principals: z.array(z.string()) }).strict(),
  z.object({ kind: z.literal('secret'), rotationDays: z.number().int().optional() }).strict(),
]);

/** "Tally Approval Requested": a draft approval Tally wrote for shadow access (`tally approvals draft`), one per new draft. */
export const approvalRequestedDetailSchema = z
  .object({
    schemaVersion: version,
    accountId,
    /** The UNAPPROVED_ENTITLEMENT finding the draft would cover. */
    findingId: z.string().min(1),
    approvalKey: z.string(),
    draft: z
      .object({
        ticketId: z.string(),
        principal: z.string(),
        entitlement: draftEntitlement,
        approvedBy: z.string(),
        owner: z.string().optional(),
        approvedAt: instant,
        risk: z.enum(['standard', 'privileged']),
        status: z.literal('draft'),
        draftOf: z.string(),
      })
      .strict(),
  })
  .strict();

/** "Tally Approval Rejected": an intake change (bus event or webhook call) refused, with the field and why. */
export const approvalRejectedDetailSchema = z
  .object({
    schemaVersion: version,
    /** The refused event's EventBridge `id`, or the webhook call's request id: the de-duplication key. */
    eventId: z.string().min(1),
    via: z.enum(['bus', 'webhook']),
    /** The refused event's detail-type (for the webhook: the one its mapping chose), when it had one. */
    detailType: z.string().optional(),
    /** From the refused detail, when readable: they say which ticket to comment on. */
    ticketId: z.string().optional(),
    approvalKey: z.string().optional(),
    version: z.number().int().positive().optional(),
    requestId: z.string().optional(),
    /** Dotted path of the offending field from the detail (`approval.entitlement.policyArn`). */
    field: z.string().min(1),
    reason: z.string().min(1),
    rejectedAt: instant,
  })
  .strict();

export type FindingDetail = z.infer<typeof findingDetailSchema>;
export type ApprovalVerifiedDetail = z.infer<typeof approvalVerifiedDetailSchema>;
export type KeyExpiryWarningDetail = z.infer<typeof keyExpiryWarningDetailSchema>;
export type ActionExecutedDetail = z.infer<typeof actionExecutedDetailSchema>;
export type RevocationExecutedDetail = z.infer<typeof revocationExecutedDetailSchema>;
export type SecretRotationFailedDetail = z.infer<typeof secretRotationFailedDetailSchema>;
export type ApprovalRequestedDetail = z.infer<typeof approvalRequestedDetailSchema>;
export type ApprovalNotProvisionedDetail = z.infer<typeof approvalNotProvisionedDetailSchema>;
export type ApprovalRejectedDetail = z.infer<typeof approvalRejectedDetailSchema>;

/** The schema each detail-type is validated against before it is sent. */
export const DETAIL_SCHEMAS: Record<DetailType, z.ZodType> = {
  [DETAIL_TYPES.finding]: findingDetailSchema,
  [DETAIL_TYPES.approvalVerified]: approvalVerifiedDetailSchema,
  [DETAIL_TYPES.keyExpiryWarning]: keyExpiryWarningDetailSchema,
  [DETAIL_TYPES.actionExecuted]: z.union([actionExecutedDetailSchema, revocationExecutedDetailSchema]),
  [DETAIL_TYPES.secretRotationFailed]: secretRotationFailedDetailSchema,
  [DETAIL_TYPES.approvalRequested]: approvalRequestedDetailSchema,
  [DETAIL_TYPES.approvalNotProvisioned]: approvalNotProvisionedDetailSchema,
  [DETAIL_TYPES.approvalRejected]: approvalRejectedDetailSchema,
  [DETAIL_TYPES.reviewEscalated]: reviewEscalatedDetailSchema,
  [DETAIL_TYPES.reviewRequested]: reviewRequestedDetailSchema,
};
