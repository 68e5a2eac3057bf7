import type { Approval, ApprovalStatus, EntitlementKind, RiskLevel } from './approval';

export const FINDING_TYPES = [
  'APPROVED_NOT_PROVISIONED',
  'UNAPPROVED_ENTITLEMENT',
  'DRIFTED_ENTITLEMENT',
  'EXPIRED_APPROVAL_ACTIVE',
  'STALE_ACCESS_KEY',
  'UNUSED_ACCESS_KEY',
  'UNUSED_ROLE',
  'SECRET_NOT_ROTATED',
  'SECRET_UNUSED',
  'APPROVED_BUT_UNUSED',
  'RECONCILED',
  'DEPROVISIONED',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/**
 * Findings that carry an approval's evidence rather than a mismatch: nothing for a responder to do,
 * so not imported to Security Hub; their evidence goes to the approval and to EventBridge.
 */
export const EVIDENCE_TYPES = ['RECONCILED', 'DEPROVISIONED'] as const satisfies readonly FindingType[];

export function isEvidence(type: FindingType): boolean {
  return (EVIDENCE_TYPES as readonly FindingType[]).includes(type);
}

/** Security Hub's severity labels, lowest first. */
export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** ASFF resource types Tally reports on. */
export const RESOURCE_TYPES = ['AwsIamUser', 'AwsIamRole', 'AwsIamGroup', 'AwsIamAccessKey', 'AwsSecretsManagerSecret'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export function isResourceType(value: string | undefined): value is ResourceType {
  return (RESOURCE_TYPES as readonly (string | undefined)[]).includes(value);
}

export interface FindingResource {
  type: ResourceType;
  /** ARN; access keys have none: `<user ARN>/access-key/<key id>`, or `…/access-key/<slot>` when the export has no id. */
  id: string;
  name: string;
  /** For access keys: the owning user. */
  principalArn?: string;
  accessKeySlot?: 1 | 2;
  /** For access keys, when the read saw it (ListAccessKeys; the credential report has none). */
  accessKeyId?: string;
  /** For access keys: when the key was created. */
  createdAt?: string;
  tags?: Record<string, string>;
}

/** An observed fact in AWS and where it was read. */
export interface ObservedEntitlement {
  principal: string;
  kind: EntitlementKind;
  target: string;
  /** The group a user's permission comes through, when not attached directly. */
  via?: string;
  source: 'GetAccountAuthorizationDetails' | 'CredentialReport' | 'ListSecrets';
  detail?: Record<string, string | number | string[]>;
}

export interface ApprovalRef {
  key: string;
  ticketId: string;
  approvedBy: string;
  approvedAt: string;
  expiresAt?: string;
  status: ApprovalStatus;
  risk: RiskLevel;
}

export interface Threshold {
  name: string;
  limitDays: number;
  actualDays: number | null;
  /** Where the default comes from, e.g. "CIS AWS Foundations 1.14 / Security Hub IAM.3". */
  reference: string;
}

export interface Exemption {
  source: 'tag' | 'approval';
  reason: string;
}

export interface Finding {
  /** Stable across sweeps for the same (account, type, resource, entitlement, approval). */
  id: string;
  type: FindingType;
  /**
   * Which case of its type the finding is, where a type has several that call for different action
   * (e.g. SECRET_NOT_ROTATED `rotation-disabled` or `overdue`): selects its remediation and controls
   * (lib/core/finding-texts, lib/core/controls). Not part of the fingerprint.
   */
  variant?: string;
  severity: Severity;
  title: string;
  /** One line that explains the finding to a responder. */
  summary: string;
  accountId: string;
  resource: FindingResource;
  approval?: ApprovalRef;
  observed?: ObservedEntitlement;
  threshold?: Threshold;
  /** Security Hub control this finding corresponds to, when there is one. */
  control?: string;
  privileged: boolean;
  exempt?: Exemption;
  detectedAt: string;
}

export function approvalRef(a: Approval, key: string): ApprovalRef {
  const { ticketId, approvedBy, approvedAt, expiresAt, status, risk } = a;
  return expiresAt
    ? { key, ticketId, approvedBy, approvedAt, expiresAt, status, risk }
    : { key, ticketId, approvedBy, approvedAt, status, risk };
}
