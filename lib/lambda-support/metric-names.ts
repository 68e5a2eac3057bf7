/**
 * The CloudWatch metrics Tally's functions emit through Powertools Metrics: namespace `Tally`, the
 * default `service` dimension `tally` (lib/lambda/observability.ts). Alarms name them from here.
 */
export const METRICS = {
  namespace: 'Tally',
  service: 'tally',
  /** Events that could not be read (EventParseError): counted, logged, never retried. */
  malformed: 'MalformedEvents',
  /** Events not served, with a `reason` dimension (a SkipReason). */
  skipped: 'SkippedEvents',
  /** Creators the event path could not write to the account memory (drafts then lack that suggested owner). */
  creatorNotRemembered: 'CreatorsNotRemembered',
  /** Failed secret rotations reported ("Tally Secret Rotation Failed"). */
  rotationFailed: 'SecretRotationFailures',
  /** Stored approvals that do not validate: their principals' findings are held open. */
  invalidApprovals: 'InvalidApprovals',
  /**
   * Planned key deactivations an enforce run did not make (the cap, the kill switch, another run
   * holding the account or key): in total (alarmed), and again with a `reason` dimension
   * (`cap`, `kill-switch`, `concurrent-run`).
   */
  blocked: 'BlockedActions',
  /** Intake changes refused ("Tally Approval Rejected"): a ticketing tool sends what Tally cannot take. */
  intakeRejected: 'IntakeRejected',
  /** Intake changes older than the approval's current intake version: ignored, never an error. */
  intakeOutOfOrder: 'IntakeOutOfOrder',
  /** AWS calls of a run: in total, and with an `operation` dimension (`iam:ListAccessKeys`) per operation. */
  apiCalls: 'AwsApiCalls',
  /** Milliseconds of one phase of a sweep, with a `phase` dimension: read, reconcile, publish, act. */
  phaseDuration: 'SweepPhaseDuration',
  /** `@aws-sdk/*` packages the Lambda runtime holds in an older version than the tests ran (cold start). */
  runtimeSdkOlder: 'RuntimeSdkOlderThanTested',
} as const;
