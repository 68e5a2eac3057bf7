import { DETAIL_TYPES, SCHEMA_VERSION, type SecretRotationFailedDetail } from '../sinks/event-schemas';
import type { TallyEvent } from '../sinks/eventbridge-events';
import type { ParsedEvent } from './cloudtrail-event';

type Target = Extract<ParsedEvent, { kind: 'target' }>;

/** True for a Secrets Manager `RotationFailed` service event. */
export function isRotationFailure(event: Target): boolean {
  return event.eventName === 'RotationFailed' && event.target.secretId !== undefined;
}

/**
 * The "Tally Secret Rotation Failed" event for a `RotationFailed` CloudTrail event: the secret,
 * the CloudTrail event id (the de-duplication key), when it failed and why, when the event says.
 */
export function rotationFailedEvent(event: Target): TallyEvent {
  const secretArn = event.principalArn ?? event.target.secretId ?? '';
  const detail: SecretRotationFailedDetail = {
    schemaVersion: SCHEMA_VERSION,
    accountId: event.account,
    region: event.region,
    secretArn,
    eventId: event.eventId,
    failedAt: event.eventTime,
    ...(event.error ? { errorMessage: event.error } : {}),
  };
  return { detailType: DETAIL_TYPES.secretRotationFailed, id: event.eventId, time: event.eventTime, resources: secretArn.startsWith('arn:') ? [secretArn] : [], detail };
}
