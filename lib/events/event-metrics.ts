/**
 * The CloudWatch metrics of the event path, as Powertools Metrics emits them: namespace `Tally`,
 * the default `service` dimension `tally` (lib/lambda/observability.ts). Alarms name them from here.
 */
export const EVENT_METRICS = {
  namespace: 'Tally',
  service: 'tally',
  /** Events that could not be read (EventParseError): counted, logged, never retried. */
  malformed: 'MalformedEvents',
  /** Events not served, with a `reason` dimension (a {@link SkipReason}). */
  skipped: 'SkippedEvents',
  /** Failed secret rotations reported ("Tally Secret Rotation Failed"). */
  rotationFailed: 'SecretRotationFailures',
} as const;
