import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { describeError } from '../errors/describe-error';
import { TallyError } from '../errors/tally-error';
import { DeliveryIncompleteError } from '../lambda-support/delivery-error';
import { logger, metrics } from '../lambda-support/observability';
import { finishPrincipalSweep } from '../lambda-support/principal-sweep-summary';
import type { CreatorSeen } from '../actions/account-memory';
import type { PublishReport } from '../sinks/eventbridge';
import type { TallyEvent } from '../sinks/eventbridge-events';
import type { PrincipalSweepReport } from '../sweep/principal-sweep';
import { EventParseError, parseCloudTrailEvent, type ParsedEvent, type SkipReason } from './cloudtrail-event';
import { METRICS } from '../lambda-support/metric-names';
import { scopeToAccount } from './event-scope';
import { isRotationFailure, rotationFailedEvent } from './rotation-failed';

/** An event naming a principal or secret to re-read. */
export type TargetEvent = Extract<ParsedEvent, { kind: 'target' }>;

/**
 * How long after its event a missing principal counts as "not yet visible" (IAM and Secrets
 * Manager are eventually consistent, usually for seconds) rather than gone. Lambda's two
 * asynchronous retries (about 1 and 3 minutes later) fall inside it; past it the event is skipped.
 */
export const VISIBILITY_WINDOW_MS = 5 * 60_000;

/** Events that take something away: a missing principal is then their likely outcome, not lag. */
const REMOVAL = /^(Delete|Detach|Remove|Untag)/;

/**
 * The principal an event created or changed moments ago cannot be read yet. Thrown so Lambda
 * re-delivers the event; Powertools idempotency deletes its record when the handler throws, so
 * the re-delivery is served afresh instead of replaying an empty result.
 */
export class PrincipalNotVisibleError extends TallyError {
  override readonly name = 'PrincipalNotVisibleError';
  /** Always true: a later delivery may find the principal. */
  readonly retryable = true;
}

/** What serving one event needs; the handler wires AWS, tests pass fakes. */
export interface ServeDeps {
  /** The function's own account: only its events are served. */
  account: string;
  now: Date;
  /** Reads and reconciles the event's target, in the account and the event's region. */
  sweep(event: TargetEvent): Promise<PrincipalSweepReport>;
  /** Puts Tally events on the bus; absent when no bus is configured. */
  publish?(events: TallyEvent[]): Promise<PublishReport>;
  /** Remembers who created (or granted something to) the principal an event named; absent: not remembered. */
  rememberCreator?(seen: CreatorSeen): Promise<void>;
}

/** The handler's answer: what was reconciled, or why nothing was. */
export type ServeResult = { skipped: SkipReason | 'malformed'; eventId?: string } | { eventId: string; principal: string; findings: Record<string, number> };

/** One structured line and one metric per event not served. */
function skipped(event: Extract<ParsedEvent, { kind: 'skip' }>): ServeResult {
  const line = { eventId: event.eventId, eventName: event.eventName, reason: event.reason, detail: event.detail };
  if (event.reason === 'foreign-account') logger.warn('event skipped', line);
  else logger.info('event skipped', line);
  const m = metrics.singleMetric();
  m.addDimension('reason', event.reason);
  m.addMetric(METRICS.skipped, MetricUnit.Count, 1);
  return { skipped: event.reason, ...(event.eventId === undefined ? {} : { eventId: event.eventId }) };
}

async function reportRotationFailure(event: TargetEvent, deps: ServeDeps): Promise<void> {
  const report = rotationFailedEvent(event);
  logger.warn('secret rotation failed', { ...report.detail });
  metrics.addMetric(METRICS.rotationFailed, MetricUnit.Count, 1);
  const published = await deps.publish?.([report]);
  if (published?.failed.length) throw new DeliveryIncompleteError({ events: published.failed.length });
}

/** A target that was not found: gone after a removal, re-delivered while it may still appear, else skipped. */
function notFound(event: TargetEvent, now: Date): ServeResult {
  const skip = (reason: SkipReason, detail: string) => skipped({ kind: 'skip', eventId: event.eventId, eventName: event.eventName, reason, detail });
  const what = JSON.stringify(event.target);
  if (REMOVAL.test(event.eventName)) return skip('gone', `${what} no longer exists after ${event.eventName}`);
  const age = now.getTime() - Date.parse(event.eventTime);
  if (age < VISIBILITY_WINDOW_MS) {
    throw new PrincipalNotVisibleError(`${event.eventName} ${event.eventId}: ${what} not visible yet`, { eventId: event.eventId, target: event.target, region: event.region, ageMs: age });
  }
  return skip('not-found', `${what} not found ${Math.round(age / 1000)} s after ${event.eventName} in ${event.region}; the scheduled sweep covers it`);
}

/**
 * Remembers the event's caller as the principal's creator (a draft approval's suggested owner). It is
 * context, not a finding: a failed write is logged and counted, and the event still succeeds.
 */
async function rememberCreator(event: TargetEvent, principalArn: string, deps: ServeDeps): Promise<void> {
  if (!deps.rememberCreator || !event.creator) return;
  try {
    await deps.rememberCreator({ accountId: deps.account, principalArn, ...event.creator, eventName: event.eventName, eventId: event.eventId, at: event.eventTime });
  } catch (error) {
    logger.warn('creator not remembered', { eventId: event.eventId, principal: principalArn, error: describeError(error) });
    metrics.addMetric(METRICS.creatorNotRemembered, MetricUnit.Count, 1);
  }
}

/** Serves one parsed event: checks its account, reports a failed rotation, reconciles its target. */
export async function serveEvent(parsed: ParsedEvent, deps: ServeDeps): Promise<ServeResult> {
  const event = scopeToAccount(parsed, deps.account);
  if (event.kind === 'skip') return skipped(event);
  if (isRotationFailure(event)) await reportRotationFailure(event, deps);
  const report = await deps.sweep(event);
  if (!report.found) return notFound(event, deps.now);
  finishPrincipalSweep(report, { eventId: event.eventId, eventName: event.eventName });
  if (event.creator && report.principalArn) await rememberCreator(event, report.principalArn, deps);
  return { eventId: event.eventId, principal: report.principalArn ?? '', findings: report.result?.summary.byType ?? {} };
}

/**
 * One raw EventBridge event: a malformed one is logged and counted (a retry cannot fix it), any
 * other is served by {@link serveEvent}.
 */
export async function handleCloudTrailEvent(raw: unknown, deps: () => Promise<ServeDeps>): Promise<ServeResult> {
  let parsed: ParsedEvent;
  try {
    parsed = parseCloudTrailEvent(raw);
  } catch (e) {
    if (!(e instanceof EventParseError)) throw e;
    logger.error('malformed event skipped', { field: e.field, error: e.message, eventId: e.eventId, id: (raw as { id?: unknown } | null)?.id });
    metrics.addMetric(METRICS.malformed, MetricUnit.Count, 1);
    return { skipped: 'malformed' };
  }
  return serveEvent(parsed, await deps());
}
