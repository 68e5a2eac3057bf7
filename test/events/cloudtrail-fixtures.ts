import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Event JSON is loosely typed on purpose: it stands in for whatever EventBridge delivers. */
export type Json = any;

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cloudtrail');

/** A fixture file of test/fixtures/cloudtrail, freshly parsed (safe to mutate). */
export function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Json;
}

/** Options of {@link envelope}. */
export interface EnvelopeOptions {
  source?: string;
  detailType?: string;
  region?: string;
  account?: string;
  time?: string;
}

/** The documented events' account (946986569305) replaced by `account`, e.g. the function's own. */
export function inAccount(event: Json, account: string): Json {
  return JSON.parse(JSON.stringify(event).replaceAll('946986569305', account)) as Json;
}

/** Wraps a CloudTrail record in an EventBridge envelope, the way a rule target receives it. */
export function envelope(detail: Json, options: EnvelopeOptions = {}): Json {
  const source = options.source ?? (detail?.eventSource === 'secretsmanager.amazonaws.com' ? 'aws.secretsmanager' : 'aws.iam');
  return {
    version: '0',
    id: `eb-${String(detail?.eventID ?? 'none')}`,
    'detail-type': options.detailType ?? 'AWS API Call via CloudTrail',
    source,
    account: options.account ?? detail?.recipientAccountId ?? '123456789012',
    time: options.time ?? detail?.eventTime ?? '2024-08-01T13:33:28Z',
    region: options.region ?? (source === 'aws.iam' ? 'us-east-1' : (detail?.awsRegion ?? 'us-west-2')),
    resources: [],
    detail,
  };
}

function fromBase(base: string, calls: string, eventName: string): Json {
  const parts = fixture(calls)[eventName];
  if (parts === undefined) throw new Error(`no fixture for ${eventName} in ${calls}.json`);
  const detail = fixture(base);
  return envelope({
    ...detail,
    eventName,
    eventID: `${eventName.toLowerCase()}-${String(detail.eventID)}`,
    requestParameters: parts.requestParameters,
    responseElements: parts.responseElements,
  });
}

/** An IAM API call event: the documented base record with `eventName`'s own request/response. */
export function iamEvent(eventName: string): Json {
  return fromBase('iam-base-detail', 'iam-calls', eventName);
}

/** A Secrets Manager API call event, built the same way. */
export function secretsEvent(eventName: string): Json {
  return fromBase('secretsmanager-base-detail', 'secretsmanager-calls', eventName);
}

/** An IAM managed-policy event (tags or versions): the target is a policy, not a principal. */
export function policyEvent(eventName: string): Json {
  return fromBase('iam-base-detail', 'iam-policy-calls', eventName);
}

/** A rotation outcome ("AWS Service Event via CloudTrail"): the documented RotationSucceeded, renamed. */
export function rotationEvent(eventName: string): Json {
  const event = fixture('rotation-succeeded');
  event.detail.eventName = eventName;
  event.detail.eventID = `${eventName.toLowerCase()}-${String(event.detail.eventID)}`;
  return event;
}

/** Every IAM event name with a fixture. */
export const IAM_EVENT_NAMES: string[] = Object.keys(fixture('iam-calls'));
/** Every IAM managed-policy event with a fixture. */
export const POLICY_EVENT_NAMES: string[] = Object.keys(fixture('iam-policy-calls'));
/** Every Secrets Manager API call with a fixture. */
export const SECRETS_EVENT_NAMES: string[] = Object.keys(fixture('secretsmanager-calls'));
/** The rotation outcomes. */
export const ROTATION_EVENT_NAMES = ['RotationStarted', 'RotationSucceeded', 'RotationFailed', 'RotationAbandoned'];

/** One valid event per supported event name that names a principal or secret. */
export function principalEvents(): Json[] {
  return [
    ...IAM_EVENT_NAMES.map(iamEvent),
    ...SECRETS_EVENT_NAMES.map(secretsEvent),
    ...ROTATION_EVENT_NAMES.map(rotationEvent),
    fixture('create-access-key-self-service'),
    fixture('create-secret-legacy-arn'),
    fixture('rotation-failed'),
  ];
}

/** One valid event per supported event name, policy events included. */
export function allValidEvents(): Json[] {
  return [...principalEvents(), ...POLICY_EVENT_NAMES.map(policyEvent)];
}
