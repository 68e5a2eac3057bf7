import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { parseArn } from '../core/arn';
import type { UserReadScope } from '../inventory/read-scope';
import type { PrincipalRef } from '../inventory/targeted-read';
import { TARGET_RULES, type DetailParts } from './cloudtrail-targets';
import { CREATOR_EVENTS, callerOf } from './event-creator';
import { EventFields, type Rec } from './event-fields';
import { EventParseError } from './event-parse-error';

export { EventParseError } from './event-parse-error';

/** `detail-type` of CloudTrail API calls on EventBridge. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
/** `detail-type` of CloudTrail service events (Secrets Manager rotation outcomes). */
export const SERVICE_EVENT_DETAIL_TYPE = 'AWS Service Event via CloudTrail';

const EVENT_SOURCES: ReadonlyMap<string, string> = new Map([
  ['aws.iam', 'iam.amazonaws.com'],
  ['aws.secretsmanager', 'secretsmanager.amazonaws.com'],
]);

/**
 * Why an event is not served. Parsing decides `failed-call` … `left-to-sweep` (a managed-policy
 * change: its principals wait for the scheduled sweep) and `foreign-account` when the envelope and
 * the record disagree on the account; serving adds `foreign-account` for another account's event or
 * principal, `gone` (a removal whose principal no longer exists) and `not-found` (a principal still
 * missing after the visibility window).
 */
export type SkipReason =
  | 'failed-call'
  | 'unsupported-event'
  | 'read-only'
  | 'not-cloudtrail'
  | 'no-target'
  | 'left-to-sweep'
  | 'foreign-account'
  | 'gone'
  | 'not-found';

/** One CloudTrail event from EventBridge, reduced to what the event path acts on. */
export type ParsedEvent =
  | {
      kind: 'target';
      /** `detail.eventID`: the idempotency key (delivery is best effort and may repeat). */
      eventId: string;
      eventName: string;
      /** ISO 8601: `detail.eventTime`, else the envelope's `time`. */
      eventTime: string;
      /** The envelope's `account` (equal to `detail.recipientAccountId` when the record has one). */
      account: string;
      /**
       * Where the target lives: a secret ARN's region, else `detail.awsRegion`, else the envelope's
       * `region`. A secret exists in one region; IAM is global (its events say us-east-1).
       */
      region: string;
      /** Exactly one name or id: what {@link readPrincipal} re-reads. */
      target: PrincipalRef;
      /** The target's ARN, only when the event carries it (a user's path is not in its name). */
      principalArn?: string;
      /** Of a user, the parts the event can have changed: only they are read. All when absent. */
      scope?: UserReadScope;
      /** `detail.userIdentity.arn`: who made the call (absent for service events). */
      actor?: string;
      /** Of an event that creates or grants (`CREATOR_EVENTS`): the caller, as the principal's creator. */
      creator?: { creator: string; how: 'create' | 'grant' };
      /** A service event's error text (`errorCode`: `errorMessage`), e.g. why a rotation failed. */
      error?: string;
    }
  | { kind: 'skip'; eventId?: string; eventName?: string; reason: SkipReason; detail: string };

const nullishRec = z.record(z.string(), z.unknown()).nullish();

/** The CloudTrail record fields Tally reads; everything else is tolerated and ignored. */
export const CloudTrailDetailSchema = z.looseObject({
  eventID: z.string().min(1),
  eventName: z.string().min(1),
  eventSource: z.string().nullish(),
  eventTime: z.string().nullish(),
  awsRegion: z.string().nullish(),
  recipientAccountId: z.string().nullish(),
  readOnly: z.boolean().nullish(),
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
  userIdentity: nullishRec,
  requestParameters: nullishRec,
  responseElements: nullishRec,
  additionalEventData: nullishRec,
});

const isoTime = z.iso.datetime({ offset: true });

function stringAt(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = (value as Rec)[key];
  return typeof v === 'string' ? v : undefined;
}

function orUndefined(value: Rec | null | undefined): Rec | undefined {
  return value ?? undefined;
}

/** The region an ARN among `ids` names (IAM ARNs name none), else `fallback`. */
function regionOf(ids: ReadonlyArray<string | undefined>, fallback: string): string {
  for (const id of ids) {
    const region = id === undefined ? undefined : parseArn(id)?.region;
    if (region) return region;
  }
  return fallback;
}

/**
 * Reads one EventBridge event carrying a CloudTrail record (IAM or Secrets Manager) and names
 * the one user, role, group or secret to re-read — or says why none is needed. Pure: no I/O.
 *
 * Failed calls (`errorCode` set; `requestParameters` then often null), read-only calls,
 * event names outside the supported rules and events that are not CloudTrail are skips, never
 * errors. A service event's `errorCode`/`errorMessage` (RotationFailed) is what happened, not a
 * failed call: it is kept as `error`. Unknown fields are ignored; dates inside `responseElements`
 * are never parsed.
 *
 * @throws {EventParseError} for a malformed envelope or record, naming the field.
 */
export function parseCloudTrailEvent(raw: unknown): ParsedEvent {
  const envelope = EventBridgeSchema.safeParse(raw);
  if (!envelope.success) throw EventParseError.fromZod(envelope.error);
  const env = envelope.data;
  const detailType = env['detail-type'];
  if (detailType !== API_CALL_DETAIL_TYPE && detailType !== SERVICE_EVENT_DETAIL_TYPE) {
    const eventId = stringAt(env.detail, 'eventID');
    return { kind: 'skip', ...(eventId === undefined ? {} : { eventId }), reason: 'not-cloudtrail', detail: `detail-type "${detailType}" from ${env.source}` };
  }

  const parsed = CloudTrailDetailSchema.safeParse(env.detail);
  if (!parsed.success) throw EventParseError.fromZod(parsed.error, 'detail', stringAt(env.detail, 'eventID'));
  const detail = parsed.data;
  const { eventID: eventId, eventName } = detail;
  const skip = (reason: SkipReason, why: string): ParsedEvent => ({ kind: 'skip', eventId, eventName, reason, detail: why });

  const expectedSource = EVENT_SOURCES.get(env.source);
  const eventSource = detail.eventSource ?? expectedSource;
  if (expectedSource === undefined || eventSource !== expectedSource) {
    return skip('unsupported-event', `${eventName} from source ${env.source} (eventSource ${detail.eventSource ?? 'absent'})`);
  }
  if (detail.recipientAccountId && detail.recipientAccountId !== env.account) {
    return skip('foreign-account', `envelope account ${env.account} but recipientAccountId ${detail.recipientAccountId}`);
  }
  const serviceEvent = detailType === SERVICE_EVENT_DETAIL_TYPE;
  if (detail.errorCode && !serviceEvent) {
    return skip('failed-call', `${eventName} failed: ${detail.errorCode}${detail.errorMessage ? ` (${detail.errorMessage})` : ''}`);
  }
  if (detail.readOnly === true) return skip('read-only', `${eventName} is read-only`);
  const rule = TARGET_RULES.get(eventSource)?.get(eventName);
  if (rule === undefined) return skip('unsupported-event', `${eventSource} ${eventName} is not a change Tally follows`);

  const parts: DetailParts = {
    eventName,
    userIdentity: orUndefined(detail.userIdentity),
    requestParameters: orUndefined(detail.requestParameters),
    responseElements: orUndefined(detail.responseElements),
    additionalEventData: orUndefined(detail.additionalEventData),
  };
  const fields = new EventFields(eventId);
  const outcome = rule(parts, fields);
  if ('noTarget' in outcome) return skip('no-target', outcome.noTarget);
  if ('leftToSweep' in outcome) return skip('left-to-sweep', outcome.leftToSweep);

  // Who called is context only: a missing or odd userIdentity.arn never fails the event.
  const actor = stringAt(parts.userIdentity, 'arn') || undefined;
  const how = CREATOR_EVENTS.get(eventName);
  const caller = how && !serviceEvent ? callerOf(parts.userIdentity) : undefined;
  const eventTime = detail.eventTime && isoTime.safeParse(detail.eventTime).success ? detail.eventTime : env.time;
  const error = serviceEvent ? [detail.errorCode, detail.errorMessage].filter(Boolean).join(': ') : '';
  return {
    kind: 'target',
    eventId,
    eventName,
    eventTime,
    account: env.account,
    region: regionOf([outcome.target.arn, outcome.target.secretId, outcome.principalArn], detail.awsRegion || env.region),
    target: outcome.target,
    ...(outcome.principalArn === undefined ? {} : { principalArn: outcome.principalArn }),
    ...(outcome.scope === undefined ? {} : { scope: outcome.scope }),
    ...(actor === undefined ? {} : { actor }),
    ...(how && caller ? { creator: { creator: caller, how } } : {}),
    ...(error ? { error } : {}),
  };
}

/** Result of {@link parseAll}: the events read, and each bad record by its index in the batch. */
export interface ParseAllResult {
  parsed: ParsedEvent[];
  errors: Array<{ index: number; error: EventParseError }>;
}

/**
 * Parses a batch; a malformed record is reported with its index and the rest of the batch is
 * still parsed. Errors other than {@link EventParseError} are bugs and are rethrown.
 */
export function parseAll(raws: readonly unknown[]): ParseAllResult {
  const result: ParseAllResult = { parsed: [], errors: [] };
  raws.forEach((raw, index) => {
    try {
      result.parsed.push(parseCloudTrailEvent(raw));
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      result.errors.push({ index, error });
    }
  });
  return result;
}
