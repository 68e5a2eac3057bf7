import type { EntitlementKind } from '../approval';
import { isoDay } from '../describe';
import type { FindingResource } from '../finding';
import { policyName, principalLabel, type TypeTexts } from './common';

const APPROVE_OR_REMOVE =
  'In the ticket: if it is needed, have it approved (`tally approvals draft` writes the proposal) and import the approval; Tally then reports it RECONCILED.';

export const UNAPPROVED_ENTITLEMENT_TEXTS: TypeTexts = {
  'root-key': {
    when: 'the root user has an active access key',
    remediation:
      'In AWS: sign in as the root user, move whatever uses the key to an IAM role or user, then deactivate and delete the root access key (only the root user can; Tally never acts on it). In the ticket: nothing to approve: root access keys are never approvable (CIS 1.4).',
  },
  identity: {
    when: 'a user or role exists that no approval names',
    remediation: `In AWS: find who created it (CloudTrail CreateUser/CreateRole); if nobody owns it, remove its access and delete it. ${APPROVE_OR_REMOVE}`,
  },
  'managed-policy': {
    when: 'a managed policy is attached that no approval names',
    remediation: `In AWS: find who attached it (CloudTrail Attach*Policy) and detach it unless it is needed. ${APPROVE_OR_REMOVE}`,
  },
  'inline-policy': {
    when: 'an inline policy exists that no approval names',
    remediation: `In AWS: find who put it (CloudTrail Put*Policy) and delete it unless it is needed. ${APPROVE_OR_REMOVE}`,
  },
  'group-membership': {
    when: 'a user is a member of a group no approval names (it carries the group\'s policies)',
    remediation: `In AWS: find who added the user (CloudTrail AddUserToGroup) and remove the user from the group unless the access is needed. ${APPROVE_OR_REMOVE}`,
  },
  'access-key': {
    when: 'a user holds active access keys no approval names',
    remediation: `In AWS: find who created the key (CloudTrail CreateAccessKey); deactivate it unless an owned workload needs it, and delete it once nothing fails. Prefer a role over a long-term key. ${APPROVE_OR_REMOVE}`,
  },
  'role-trust': {
    when: 'a role trusts another account, a federated provider or anyone (`*`) and no approval names that trust',
    remediation: `In AWS: remove the principals from the role's trust policy (UpdateAssumeRolePolicy) unless the cross-account or federated access is intended. ${APPROVE_OR_REMOVE}`,
  },
  secret: {
    when: 'a secret exists that no approval names',
    remediation: `In AWS: find the secret's owner (tags, CloudTrail CreateSecret); if nobody reads it, schedule its deletion with a recovery window. ${APPROVE_OR_REMOVE}`,
  },
};

const NOUN: Record<EntitlementKind, string> = {
  identity: 'identity',
  'managed-policy': 'managed policy',
  'inline-policy': 'inline policy',
  'group-membership': 'group membership',
  'access-key': 'access key',
  'role-trust': 'trust',
  secret: 'secret',
};

/** Summary of shadow access; `what` is the entitlement in words (entitlementRisk). */
export function unapprovedSummary(what: string): string {
  return [what, '; no approval covers it'].join('');
}

/** Title and summary of shadow access; `summary` from {@link unapprovedSummary} (shared where `what` is). */
export function unapprovedTexts(kind: EntitlementKind, target: string, resource: FindingResource, summary: string): { variant: string; title: string; summary: string } {
  // join builds flat strings: a sweep keeps one title per unapproved entitlement, and a template keeps its pieces alive.
  const title =
    kind === 'identity' || kind === 'secret'
      ? ['Unapproved ', principalLabel(resource)].join('')
      : kind === 'managed-policy'
        ? ['Unapproved managed policy ', policyName(target), ' on ', principalLabel(resource)].join('')
        : kind === 'group-membership'
          ? ['Unapproved membership of ', principalLabel(resource), ' in group ', target].join('')
          : ['Unapproved ', NOUN[kind], ' on ', principalLabel(resource)].join('');
  return { variant: kind, title, summary };
}

/** Title and summary of an active root access key. */
export function rootKeyTexts(slot: number, createdAt: string): { variant: string; title: string; summary: string } {
  return {
    variant: 'root-key',
    title: 'Root user has an active access key',
    summary: `root access key ${slot} is active (created ${isoDay(createdAt)}); root keys are never approvable`,
  };
}
