import { z } from 'zod';
import { approvalSchema } from '../approvals/approval-schema';
import { describeIssue, formatPath } from '../aws-shapes/zod-issues';
import { EVENT_SOURCE } from '../sinks/event-schemas';
import type { Approval } from '../core/approval';

/**
 * The "Approvals in" contract (docs/events.md): what a ticketing tool puts on the Tally bus, and
 * what the webhook turns a tool's payload into. Pure: no AWS, no clock.
 */

/** Default `source` of intake events; Tally's own `tally` events never match the intake rule. */
export const DEFAULT_INTAKE_SOURCE = 'tally.intake';

export const INTAKE_DETAIL_TYPES = {
  granted: 'Tally Approval Granted',
  amended: 'Tally Approval Amended',
  revoked: 'Tally Approval Revoked',
  recertified: 'Tally Approval Recertified',
} as const;
export type IntakeChange = keyof typeof INTAKE_DETAIL_TYPES;
export type IntakeDetailType = (typeof INTAKE_DETAIL_TYPES)[IntakeChange];

const CHANGE_BY_TYPE = new Map(Object.entries(INTAKE_DETAIL_TYPES).map(([change, type]) => [type as string, change as IntakeChange]));

/** The change a detail-type names, or undefined for any other detail-type. */
export function intakeChange(detailType: unknown): IntakeChange | undefined {
  return typeof detailType === 'string' ? CHANGE_BY_TYPE.get(detailType) : undefined;
}

/**
 * Why an intake source is refused: `tally` is Tally's own (its rejection events would come back to
 * it), `aws.` sources are AWS's. Undefined when the source may be used.
 */
export function intakeSourceProblem(source: string): string | undefined {
  if (source === EVENT_SOURCE) return `"${EVENT_SOURCE}" is the source of Tally's own events: an intake rule on it would read Tally's output back`;
  if (source.startsWith('aws.')) return 'sources starting with "aws." are reserved for AWS services';
  if (!/^[\w.\-/]{1,256}$/.test(source)) return 'not an EventBridge source (1–256 letters, digits, ".", "-", "_", "/")';
  return undefined;
}

/** A change to apply: the validated record, the ticketing tool's version, and who asked. */
export interface IntakeCommand {
  change: IntakeChange;
  approval: Approval;
  /** Positive integer from the ticketing tool; orders the changes of one approval key. */
  version: number;
  requestId?: string;
}

/** A detail that is readable but not acceptable: the field (from `detail`) and the reason. */
export interface IntakeRejection {
  field: string;
  reason: string;
}

/** Positive safe integer; a string of digits is taken too (ServiceNow sends numbers as strings). */
const versionSchema = z.union([z.number(), z.string().regex(/^\d+$/, 'not a positive integer').transform(Number)]).pipe(
  z.number().int('not a positive integer').positive('not a positive integer').max(Number.MAX_SAFE_INTEGER, 'too large'),
);

const detailSchema = z.object({
  approval: z.record(z.string(), z.unknown(), 'required: an approval record (object)'),
  version: versionSchema,
  requestId: z.string().trim().min(1).max(256).optional(),
});

/**
 * Validates one intake detail: the envelope (`version`, `requestId`) and the record, with the same
 * `approvalSchema` as file imports. Revoked sets `status: revoked` when the record has no status;
 * any other status is refused for it, and `revoked` is refused for Granted and Amended, so the
 * detail-type and the record never disagree. `draft` is Tally's own proposal and never comes in.
 * Recertified must carry `recertifiedAt`.
 */
export function parseIntakeDetail(change: IntakeChange, detail: unknown): IntakeCommand | IntakeRejection {
  const envelope = detailSchema.safeParse(detail);
  if (!envelope.success) return rejection(envelope.error, detail);
  const { approval: raw, version, requestId } = envelope.data;
  const status = raw.status;
  if (change === 'revoked' && status !== undefined && status !== 'revoked') return { field: 'approval.status', reason: `must be "revoked" for ${INTAKE_DETAIL_TYPES.revoked}` };
  if (change !== 'revoked' && status === 'revoked') return { field: 'approval.status', reason: `"revoked" comes as ${INTAKE_DETAIL_TYPES.revoked}` };
  if (status === 'draft') return { field: 'approval.status', reason: 'a draft is proposed by Tally, never taken in from a ticket' };
  if (change === 'recertified' && raw.recertifiedAt === undefined) return { field: 'approval.recertifiedAt', reason: 'required' };
  const input = change === 'revoked' ? { ...raw, status: 'revoked' } : raw;
  const record = approvalSchema.safeParse(input);
  if (!record.success) return rejection(record.error, input, ['approval']);
  return { change, approval: record.data, version, ...(requestId ? { requestId } : {}) };
}

/** True for a rejection (the parse did not produce a command). */
export function isRejection(parsed: IntakeCommand | IntakeRejection): parsed is IntakeRejection {
  return 'reason' in parsed;
}

function rejection(error: z.ZodError, data: unknown, prefix: readonly PropertyKey[] = []): IntakeRejection {
  const issue = error.issues[0];
  if (issue === undefined) return { field: formatPath(prefix) || 'detail', reason: 'invalid' };
  const inner = (data as Record<string, unknown>) ?? {};
  return { field: formatPath([...prefix, ...issue.path]) || 'detail', reason: describeIssue(issue, inner) };
}
