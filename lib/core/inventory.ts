/**
 * Observed state of one AWS account at one moment, as read from IAM and Secrets Manager.
 * Dates are ISO 8601 strings in UTC (`Date.toISOString()` form); absent means AWS had no value.
 */

import type { EntitlementKind } from './approval';
import type { UnusedAccessFinding } from './unused-access';

export type Tags = Record<string, string>;

/** A JSON policy document, already decoded (never URL-encoded here). */
export type PolicyDocument = Record<string, unknown>;

export interface AttachedPolicy {
  policyArn: string;
  policyName: string;
}

export interface InlinePolicy {
  policyName: string;
  document: PolicyDocument;
}

/** An access key as the credential report shows it: a slot (1 or 2), no key id unless read otherwise. */
export interface AccessKey {
  slot: 1 | 2;
  accessKeyId?: string;
  active: boolean;
  /** `access_key_N_last_rotated`: creation time of the key in the slot. */
  createdAt: string;
  lastUsedAt?: string;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface IamUser {
  arn: string;
  name: string;
  path: string;
  userId: string;
  createdAt: string;
  groups: string[];
  attachedPolicies: AttachedPolicy[];
  inlinePolicies: InlinePolicy[];
  tags: Tags;
  /** From the credential report; empty when the report has no row for the user. */
  accessKeys: AccessKey[];
  passwordEnabled?: boolean;
  passwordLastUsedAt?: string;
  mfaActive?: boolean;
}

export interface IamRole {
  arn: string;
  name: string;
  path: string;
  roleId: string;
  createdAt: string;
  trustPolicy: PolicyDocument;
  attachedPolicies: AttachedPolicy[];
  inlinePolicies: InlinePolicy[];
  tags: Tags;
  /** `RoleLastUsed.LastUsedDate`; IAM tracks the trailing 400 days. */
  lastUsedAt?: string;
}

export interface IamGroup {
  arn: string;
  name: string;
  path: string;
  attachedPolicies: AttachedPolicy[];
  inlinePolicies: InlinePolicy[];
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  /** Document of the default version, when the export carried it. */
  document?: PolicyDocument;
}

/** The `<root_account>` row of the credential report: reported only for its own risks. */
export interface RootAccount {
  arn: string;
  accessKeys: AccessKey[];
  mfaActive?: boolean;
}

export interface Secret {
  arn: string;
  name: string;
  createdAt?: string;
  rotationEnabled: boolean;
  rotationDays?: number;
  lastRotatedAt?: string;
  lastChangedAt?: string;
  /** Day-granular (midnight UTC) in AWS; absent when never read in its region. */
  lastAccessedAt?: string;
  /** Creation of the AWSCURRENT version: the true age of the value when rotated outside Secrets Manager. */
  currentVersionCreatedAt?: string;
  deletedAt?: string;
  /** Set on secrets that an AWS service manages (e.g. RDS master user secrets). */
  owningService?: string;
  tags: Tags;
}

/** Which parts of the account were read completely; a part not read must not yield "not provisioned". */
export interface InventoryCoverage {
  iam: boolean;
  credentialReport: boolean;
  secrets: boolean;
}

/**
 * Entitlements of one principal that a targeted read did not read (the event path reads only what
 * its event can have changed). Their absence proves nothing: approvals of them stay UNVERIFIED.
 */
export interface UnreadPart {
  /** The principal's ARN. */
  principal: string;
  kind: EntitlementKind;
  /** Targets of `kind` that were read after all, as approvals name them (an inline policy's name). */
  except?: string[];
}

export interface Inventory {
  accountId: string;
  /** When the state was read (the oldest source wins). */
  readAt: string;
  coverage: InventoryCoverage;
  users: IamUser[];
  roles: IamRole[];
  groups: IamGroup[];
  policies: ManagedPolicy[];
  secrets: Secret[];
  root?: RootAccount;
  /**
   * Users whose access keys were not read, by ARN: the credential report has no row for them
   * (created after it was generated) or its row is an earlier user of the same name. Their
   * access-key approvals stay UNVERIFIED and their key findings are never cleared.
   */
  keysUnread?: string[];
  /**
   * When the access keys were read: the credential report's `GeneratedTime`, or for a bare CSV the
   * newest instant it holds (a lower bound). A key missing then may have been created since, so an
   * access-key approval is "not provisioned" only when its grace period had ended by this time.
   * Absent when keys were read at evaluation time.
   */
  keysReadAt?: string;
  /** Parts of single principals that were not read, though `coverage` says their source was. */
  unreadParts?: UnreadPart[];
  /** Active IAM Access Analyzer unused-access findings, when the account has an unused-access analyzer and they were read. */
  unusedAccess?: UnusedAccessFinding[];
}
