import { z } from 'zod';
import type { ApprovalOutcomeKind } from '../core/result';
import { awsDate } from '../aws-shapes/aws-date';

/** Every {@link ApprovalOutcomeKind}; the type check below fails when the core adds one. */
export const APPROVAL_OUTCOMES = [
  'RECONCILED',
  'PENDING',
  'UNVERIFIED',
  'APPROVED_NOT_PROVISIONED',
  'DRIFTED_ENTITLEMENT',
  'EXPIRED_APPROVAL_ACTIVE',
  'DEPROVISIONED',
] as const satisfies readonly ApprovalOutcomeKind[];

type MissingOutcome = Exclude<ApprovalOutcomeKind, (typeof APPROVAL_OUTCOMES)[number]>;
const allOutcomesListed: [MissingOutcome] extends [never] ? true : MissingOutcome = true;
void allOutcomesListed;

/**
 * How Tally came to check: a full sweep (its run id), a CloudTrail event the real-time path handled
 * (its event id and name, when it happened, and who made the change), or a change to the approval
 * itself (the approvals table's stream).
 */
export type VerifiedVia =
  | { path: 'sweep'; runId: string }
  | { path: 'event'; eventId: string; eventName: string; eventTime: string; actor?: string }
  | { path: 'approval-stream'; change: string };

export const verifiedViaSchema = z.discriminatedUnion('path', [
  z.object({ path: z.literal('sweep'), runId: z.string().min(1) }).strict(),
  z.object({ path: z.literal('event'), eventId: z.string().min(1), eventName: z.string().min(1), eventTime: z.string().min(1), actor: z.string().min(1).optional() }).strict(),
  z.object({ path: z.literal('approval-stream'), change: z.string().min(1) }).strict(),
]);

/** The one-line form of {@link VerifiedVia} kept in `method` (`sweep`, `event:AttachUserPolicy <id> by <actor>`, `approval-stream:created`). */
export function methodOf(via: VerifiedVia): string {
  switch (via.path) {
    case 'sweep':
      return 'sweep';
    case 'event':
      return `event:${via.eventName} ${via.eventId}${via.actor ? ` by ${via.actor}` : ''}`;
    case 'approval-stream':
      return `approval-stream:${via.change}`;
  }
}

/**
 * What Tally found when it checked an approval against AWS, written back onto the approval item.
 * `verifiedAt` is when it checked, `outcome` what it concluded (RECONCILED: the entitlement matches),
 * `findingId` the finding that explains it, `method` how it looked (e.g. `sweep`, `event:AttachUserPolicy`),
 * `observed` the entitlement as seen (stored as JSON data: dates become strings, undefined is dropped).
 */
export interface ApprovalEvidence {
  verifiedAt: string;
  method: string;
  /** How, in fields (evidence written before it existed has `method` only). */
  via?: VerifiedVia;
  findingId: string;
  observed: unknown;
  outcome: ApprovalOutcomeKind;
}

const required = z.string().trim().min(1, 'required');

/** Validates evidence before it is written and when it is read back. */
export const evidenceSchema = z.object({
  verifiedAt: awsDate(),
  method: required,
  via: verifiedViaSchema.optional(),
  findingId: required,
  observed: z.unknown(),
  outcome: z.enum(APPROVAL_OUTCOMES),
});

/** Plain JSON data, so the document client can marshal it whatever the caller's objects hold. */
export function asJsonData(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
