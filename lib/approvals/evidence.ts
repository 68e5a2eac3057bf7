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
 * What Tally found when it checked an approval against AWS, written back onto the approval item.
 * `verifiedAt` is when it checked, `outcome` what it concluded (RECONCILED: the entitlement matches),
 * `findingId` the finding that explains it, `method` how it looked (e.g. `sweep`, `event:AttachUserPolicy`),
 * `observed` the entitlement as seen (stored as JSON data: dates become strings, undefined is dropped).
 */
export interface ApprovalEvidence {
  verifiedAt: string;
  method: string;
  findingId: string;
  observed: unknown;
  outcome: ApprovalOutcomeKind;
}

const required = z.string().trim().min(1, 'required');

/** Validates evidence before it is written and when it is read back. */
export const evidenceSchema = z.object({
  verifiedAt: awsDate(),
  method: required,
  findingId: required,
  observed: z.unknown(),
  outcome: z.enum(APPROVAL_OUTCOMES),
});

/** Plain JSON data, so the document client can marshal it whatever the caller's objects hold. */
export function asJsonData(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
