import type { IAMClient } from '@aws-sdk/client-iam';
import type { Finding } from '../core/finding';
import type { Tags } from '../core/inventory';
import type { AuditSink, AuditWrite } from './audit-log';
import type { AuditRecord } from './audit-table';
import type { BlockedActions } from './blocked';
import type { BreakGlass } from './rails';

/**
 * IAM permissions of key expiry, for the CDK construct to grant exactly. Report mode reads (it
 * confirms every key so the report shows what enforce would do); enforce adds the one write.
 * The audit table needs `dynamodb:PutItem` (conditional puts only: records, claims, the account lock,
 * cap slots, first sightings) and `dynamodb:Query` (to read a run, the cap's slots and an account's
 * first sightings back). The kill
 * switch is an SSM parameter read before every write (`ssm:GetParameter`, on that one parameter).
 */
export const KEY_EXPIRY_PERMISSIONS = {
  report: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
  enforce: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed', 'iam:UpdateAccessKey'],
  killSwitch: ['ssm:GetParameter'],
  auditTable: ['dynamodb:PutItem', 'dynamodb:Query'],
} as const;

/** What key expiry talks to. Everything is injected: no clock, client or environment is read here. */
export interface KeyExpiryDeps {
  iam: IAMClient;
  audit: AuditSink;
  /** The findings of the reconcile the plan came from: the key's creation time and the evidence. */
  findings: readonly Finding[];
  /** The user's tags as the inventory read them (GAAD `Tags`), for the break-glass tag. */
  userTags?: (userArn: string) => Tags | undefined;
  /**
   * When a finding was first seen by the findings ledger, when one is configured. The grace counts
   * from the earliest of this and the key's first sighting in the audit table (recorded by every run,
   * report mode included); neither known counts as now.
   */
  firstSeen?: (findingId: string) => Promise<string | undefined> | string | undefined;
  /**
   * True stops every further write. Read live before each write (see `parameterKillSwitch`); a throw
   * counts as true (fail closed).
   */
  killSwitch?: () => boolean | Promise<boolean>;
  /** The run's evaluation time: audit timestamps, grace, and the day the cap counts in. @default () => new Date() */
  clock?: () => Date;
  /** Real time, for the leases of key claims and the account lock. @default () => new Date() */
  wallClock?: () => Date;
}

export interface KeyExpiryOptions {
  /** Identifies the run in the audit log; re-running with the same id never duplicates records. */
  runId: string;
  /** @default 'report' — nothing is written to IAM unless 'enforce' is given. */
  mode?: 'report' | 'enforce';
  /**
   * More actions that would execute than this stops the run before its first write; and at most this
   * many keys are deactivated per account per UTC day of the run's evaluation time, whatever the
   * number of attempts or concurrent runs (see AUDIT_TABLE, cap slots). @default 10
   */
  maxActions?: number;
  /** Days between a finding's first sighting and any action on it. @default 7 */
  graceDays?: number;
  breakGlass?: BreakGlass;
  /** Who acts, for the audit log (e.g. the Lambda's role ARN). @default 'tally' */
  actor?: string;
  /** Keep audit records this many days (DynamoDB TTL). @default forever */
  retentionDays?: number;
  /**
   * Report mode: confirm and record every planned key in every run (a dry run before enforcing). By
   * default a report run records a key's decision only when it is not on record yet (within
   * REPORTED_TTL_DAYS), and confirms against IAM only a key not yet recorded as planned.
   * @default false
   */
  everyRun?: boolean;
}

/** The final state of one planned action: its last audit record and how that record was stored. */
export type KeyExpiryOutcome = AuditRecord & { audit: AuditWrite };

export interface KeyExpiryReport {
  runId: string;
  mode: 'report' | 'enforce';
  /** One per planned action, in plan order. */
  outcomes: KeyExpiryOutcome[];
  /** Keys deactivated in this run. */
  deactivated: number;
  /** True when the cap stopped a write: the plan was over it, or the account's daily cap was used up. */
  blockedByCap: boolean;
  /** Every deactivation on record for this run id, earlier attempts included (for "action executed" events). */
  executed: AuditRecord[];
  /**
   * Enforce mode: planned deactivations not made because of the cap, the kill switch or a concurrent
   * run, by reason (the CLI exits 4, the Lambda counts `BlockedActions`). Always empty in report mode.
   */
  blocked: BlockedActions;
}
