import type { IAMClient } from '@aws-sdk/client-iam';
import type { Tags } from '../core/inventory';
import type { AuditSink, AuditWrite } from './audit-log';
import type { BlockedActions } from './blocked';
import type { BreakGlass } from './rails';
import type { RevocationLog } from './revocation-log';
import type { RevocationRecord } from './revocation-record';

/**
 * IAM permissions of revocation, by the resource they are granted on. Report mode reads and writes
 * nothing in IAM. Enforce reads what it must save (an inline policy's document, a user's keys) and
 * writes the one removal. `restore` is `tally restore`'s, run with operator credentials: no role is
 * granted it. RemoveUserFromGroup and AddUserToGroup are authorized on the group.
 */
export const REVOCATION_PERMISSIONS = {
  enforce: {
    user: ['iam:DetachUserPolicy', 'iam:DeleteUserPolicy', 'iam:GetUserPolicy', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
    role: ['iam:DetachRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy'],
    group: ['iam:DetachGroupPolicy', 'iam:DeleteGroupPolicy', 'iam:GetGroupPolicy', 'iam:RemoveUserFromGroup'],
  },
  restore: [
    'iam:AttachUserPolicy',
    'iam:AttachRolePolicy',
    'iam:AttachGroupPolicy',
    'iam:AddUserToGroup',
    'iam:PutUserPolicy',
    'iam:PutRolePolicy',
    'iam:PutGroupPolicy',
    'iam:UpdateAccessKey',
  ],
} as const;

/** What revocation talks to; everything injected, as for key expiry. */
export interface RevocationDeps {
  iam: IAMClient;
  /** The audit table's rails: the account lock, entitlement claims, cap slots, first sightings. */
  audit: AuditSink;
  /** The audit table's revocation records. */
  log: RevocationLog;
  /** A user's or role's tags as the inventory read them, for the break-glass tag. */
  principalTags?: (arn: string) => Tags | undefined;
  /** True stops every further write; read live before each one; a throw counts as true. */
  killSwitch?: () => boolean | Promise<boolean>;
  /** The run's evaluation time. @default () => new Date() */
  clock?: () => Date;
  /** Real time, for leases. @default () => new Date() */
  wallClock?: () => Date;
}

export interface RevocationOptions {
  runId: string;
  /** @default 'report' — nothing is written to IAM unless 'enforce'. */
  mode?: 'report' | 'enforce';
  /**
   * A plan with more revocations that would execute stops before its first write; and at most this
   * many per account per UTC day, counted apart from key deactivations. @default 10
   */
  maxRevocations?: number;
  /** Days after the approval's end (expiresAt; for a revoked one, its first sighting) before acting. @default 7 */
  graceDays?: number;
  breakGlass?: BreakGlass;
  /** @default 'tally' */
  actor?: string;
  retentionDays?: number;
}

/** The last record of one planned revocation and how it was stored. */
export type RevocationOutcome = RevocationRecord & { audit: AuditWrite };

export interface RevocationReport {
  runId: string;
  mode: 'report' | 'enforce';
  outcomes: RevocationOutcome[];
  revoked: number;
  blockedByCap: boolean;
  /** Every revocation on record for this run id (earlier attempts included): "Tally Action Executed". */
  executed: RevocationRecord[];
  /** Enforce mode: revocations held back by the cap, the kill switch or a concurrent run. */
  blocked: BlockedActions;
}
