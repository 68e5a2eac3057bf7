/** Approved intent: one record per approved entitlement, as imported from a ticketing system. */

export type RiskLevel = 'standard' | 'privileged';
/** `draft`: proposed by Tally for access it found without an approval; never counts as an approval. */
export const APPROVAL_STATUSES = ['approved', 'revoked', 'draft'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** What an approval grants. `principal` on the Approval says to whom (or which secret). */
export type ApprovedEntitlement =
  | { kind: 'identity' }
  | { kind: 'managed-policy'; policyArn: string }
  | { kind: 'inline-policy'; policyName: string; documentSha256?: string }
  | { kind: 'group-membership'; group: string }
  | { kind: 'access-key'; maxKeys: number }
  | { kind: 'role-trust'; principals: string[] }
  | { kind: 'secret'; rotationDays?: number };

export type EntitlementKind = ApprovedEntitlement['kind'];

export interface Approval {
  ticketId: string;
  /** ARN of the IAM user, role or group; for `secret`, the secret ARN or name. */
  principal: string;
  entitlement: ApprovedEntitlement;
  approvedBy: string;
  /** Who answers for the access (recertifies it); `approvedBy` when absent. */
  owner?: string;
  /** Link to the ticket in the ticketing tool. */
  ticketUrl?: string;
  /** ISO 8601, UTC. */
  approvedAt: string;
  expiresAt?: string;
  risk: RiskLevel;
  status: ApprovalStatus;
  provisionedAt?: string;
  verifiedAt?: string;
  /** When the owner last confirmed the access is still needed (a "Tally Approval Recertified" event). */
  recertifiedAt?: string;
  /** Hours after approval before a missing entitlement is reported (policy default otherwise). */
  provisioningGraceHours?: number;
  /** Suppresses actions on what this approval covers, never the findings. */
  exempt?: boolean;
  exemptReason?: string;
  /** For a draft (and the approval made from it): the id of the UNAPPROVED_ENTITLEMENT finding it was drafted from. */
  draftOf?: string;
}

/** The one value that identifies an entitlement within its kind, as used in the CSV `target` column. */
export function entitlementTarget(e: ApprovedEntitlement): string {
  switch (e.kind) {
    case 'identity':
      return '';
    case 'managed-policy':
      return e.policyArn;
    case 'inline-policy':
      return e.policyName;
    case 'group-membership':
      return e.group;
    case 'access-key':
      return String(e.maxKeys);
    case 'role-trust':
      return [...e.principals].sort().join(';');
    case 'secret':
      return e.rotationDays === undefined ? '' : String(e.rotationDays);
  }
}

/** Stable identity of an approval record: ticket, principal and what it grants. */
export function approvalKey(a: Approval): string {
  // join builds one flat string; a template builds a chain that is copied flat on first hashing.
  return [a.ticketId, a.principal, a.entitlement.kind, entitlementTarget(a.entitlement)].join('|');
}
