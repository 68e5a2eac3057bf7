import type { Schedule, IEventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { z } from 'zod';
import type { policySchema } from '../core/policy';
import type { IntakeSettings } from './approval-intake';
import type { ReviewSettings } from './review-campaigns';
import type { TallyTables } from './tally-tables';

/** Thresholds as written in a policy file; missing keys take Tally's defaults. */
export type PolicyInput = z.input<typeof policySchema>;

export interface AccessReconcilerProps {
  /** The stateful half (approvals with stream, ledger, audit, idempotency). */
  readonly tables: TallyTables;
  /** When the full sweep runs. @default Schedule.rate(Duration.days(1)) */
  readonly schedule?: Schedule;
  /** 'enforce' deactivates keys under the rails and adds iam:UpdateAccessKey to the sweep's role. @default 'report' */
  readonly mode?: 'report' | 'enforce';
  /**
   * Revocation of what expired or revoked approvals named (EXPIRED_APPROVAL_ACTIVE): 'enforce' removes
   * it under the same rails as key expiry and adds the IAM detach/remove/delete writes (and the
   * inline-policy reads) to the sweep's role; 'report' audits the plan and grants nothing. @default 'report'
   */
  readonly revocation?: 'report' | 'enforce';
  /** Most revocations per account per UTC day, counted apart from key deactivations. @default 10 */
  readonly maxRevocations?: number;
  /** Thresholds, validated at synth and passed as TALLY_POLICY. @default {} (Tally's defaults) */
  readonly policy?: PolicyInput;
  /** Tag that exempts a principal or secret; overrides `policy.exemptTag`. @default 'tally:exempt' */
  readonly exemptTag?: string;
  /** Import findings into Security Hub (must be enabled in the account and region). @default true */
  readonly securityHub?: boolean;
  /** Bus that receives Tally's result events. @default - a new bus */
  readonly eventBus?: IEventBus;
  /**
   * Most keys deactivated per account per UTC day, shared by every run, retry and concurrent run; a
   * plan with more stops before its first write. @default 10
   */
  readonly maxDeactivations?: number;
  /** Days between a finding's first sighting and any action on it. @default 7 */
  readonly actionGraceDays?: number;
  /** Principals (ARNs or names) never acted on. @default [] */
  readonly breakGlass?: readonly string[];
  /**
   * Initial value of the kill switch, the SSM parameter `/tally/<stack>/enforcement-paused` read before
   * every key write: true, enforce mode plans but writes nothing. Pause a running deployment with
   * `aws ssm put-parameter --name /tally/<stack>/enforcement-paused --value true --overwrite`. @default false
   */
  readonly enforcementPaused?: boolean;
  /**
   * Subscribe to IAM's CloudTrail events. They reach EventBridge in us-east-1 only.
   * @default - true when the stack's region is us-east-1, else false with a warning
   */
  readonly iamEvents?: boolean;
  /** Subscribe to Secrets Manager's CloudTrail events (in this stack's region). @default true */
  readonly secretsEvents?: boolean;
  /** Where alarms notify. @default - alarms without actions */
  readonly alarmTopic?: ITopic;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * Regions whose Secrets Manager the scheduled sweep reads (IAM is global). The sweep's role may list
   * secrets (`secretsmanager:ListSecrets`, which has no resource-level permission) and read the
   * version ids of this account's secrets in these regions only. A region it cannot read (an opt-in
   * region not enabled, an SCP) is reported and leaves secret approvals UNVERIFIED.
   * @default - the stack's region
   */
  readonly secretRegions?: readonly string[];
  /** Folder of the handler entries. @default <repository>/lambdas (an installed package: its prebuilt bundles) */
  readonly handlersDir?: string;
  /**
   * Approvals in from ticketing tools: a rule on the bus for intake events of `source`, and with
   * `webhook` a signed function URL (docs/intake.md). Off by default: it adds the one runtime role
   * that writes whole approvals. @default - no intake
   */
  readonly intake?: IntakeSettings;
  /**
   * Monthly evidence bundles for auditors in an S3 bucket, signed with a KMS key (docs: `tally evidence`).
   * Adds a bucket, its access-log bucket, an asymmetric key and one function. @default false
   */
  readonly evidenceBucket?: boolean;
  /**
   * Scheduled review campaigns: owners asked on the bus, packets and state in S3, escalation past the
   * deadline (docs/reviews.md, "Deployed"). Off by default: with policy `review.escalation: revoke`
   * it writes approvals' status. @default - no deployed reviews
   */
  readonly reviews?: ReviewSettings;
}
