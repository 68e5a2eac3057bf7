import type { EventBridgeSink } from '../sinks/eventbridge';
import { DETAIL_TYPES, SCHEMA_VERSION, type ApprovalRejectedDetail } from '../sinks/event-schemas';
import type { TallyEvent } from '../sinks/eventbridge-events';
import { safeApprovalKey } from '../approvals/approval-item';
import { INTAKE_DETAIL_TYPES, isRejection, parseIntakeDetail, type IntakeChange } from './intake-contract';
import { RejectionNotSentError } from './intake-errors';
import type { IntakeOutcome, IntakeStore } from './intake-store';

/** One change as it arrived: on the bus (its event id) or through the webhook (its request id). */
export interface IntakeRequest {
  eventId: string;
  via: 'bus' | 'webhook';
  change: IntakeChange;
  detail: unknown;
}

export interface IntakeDeps {
  store: IntakeStore;
  /** Where "Tally Approval Rejected" goes; without it a rejection is only returned (and logged by the caller). */
  events?: Pick<EventBridgeSink, 'publish'>;
  now: () => Date;
}

/** A refused change: the field and reason, as returned to the webhook caller and put on the bus. */
export type IntakeResult = IntakeOutcome | { status: 'rejected'; approvalKey?: string; field: string; reason: string };

/**
 * Validates one intake change and applies it ({@link IntakeStore.apply}); a change that does not
 * validate, or a recertification of an unknown approval, writes nothing and is announced as
 * "Tally Approval Rejected" naming the field. Throws {@link RejectionNotSentError} when that event
 * is not taken, so the change is retried rather than refused silently.
 */
export async function applyIntake(deps: IntakeDeps, request: IntakeRequest): Promise<IntakeResult> {
  const parsed = parseIntakeDetail(request.change, request.detail);
  const result: IntakeResult = isRejection(parsed) ? { status: 'rejected', ...keyOf(request.detail), ...parsed } : await deps.store.apply(parsed);
  if (result.status === 'rejected') await announce(deps, request, result);
  return result;
}

function keyOf(detail: unknown): { approvalKey?: string } {
  const key = safeApprovalKey((detail as { approval?: unknown } | null)?.approval, '');
  return key ? { approvalKey: key } : {};
}

async function announce(deps: IntakeDeps, request: IntakeRequest, rejected: Extract<IntakeResult, { status: 'rejected' }>): Promise<void> {
  if (!deps.events) return;
  const event = rejectedEvent(request, rejected, deps.now());
  const report = await deps.events.publish([event]);
  const failure = report.failed[0];
  if (failure) throw new RejectionNotSentError(`"${DETAIL_TYPES.approvalRejected}" for ${request.eventId} not sent: ${failure.errorCode}`, { ...failure });
}

/** The "Tally Approval Rejected" event of one refused change. */
export function rejectedEvent(request: Omit<IntakeRequest, 'change'> & { change?: IntakeChange }, rejected: Extract<IntakeResult, { status: 'rejected' }>, now: Date): TallyEvent {
  const d = (request.detail ?? {}) as { approval?: { ticketId?: unknown; principal?: unknown }; version?: unknown; requestId?: unknown };
  const ticketId = typeof d.approval?.ticketId === 'string' && d.approval.ticketId.trim() ? d.approval.ticketId.trim() : undefined;
  const version = typeof d.version === 'number' && Number.isSafeInteger(d.version) && d.version > 0 ? d.version : undefined;
  const detail: ApprovalRejectedDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: request.eventId,
    via: request.via,
    ...(request.change ? { detailType: INTAKE_DETAIL_TYPES[request.change] } : {}),
    ...(ticketId ? { ticketId } : {}),
    ...(rejected.approvalKey ? { approvalKey: rejected.approvalKey } : {}),
    ...(version ? { version } : {}),
    ...(typeof d.requestId === 'string' && d.requestId ? { requestId: d.requestId } : {}),
    field: rejected.field,
    reason: rejected.reason,
    rejectedAt: now.toISOString(),
  };
  const principal = d.approval?.principal;
  const resources = typeof principal === 'string' && principal.startsWith('arn:') ? [principal] : [];
  return { detailType: DETAIL_TYPES.approvalRejected, id: request.eventId, time: detail.rejectedAt, resources, detail };
}
