import type { ApprovedEntitlement } from '../approval';
import type { FindingResource } from '../finding';
import { days, entitlementLabel, plural, policyName, principalLabel, type TypeTexts } from './common';

export const APPROVED_NOT_PROVISIONED_TEXTS: TypeTexts = {
  identity: {
    when: 'the approved user or role does not exist',
    remediation:
      'In AWS: create the user or role the ticket approved, with the entitlements approved for it. In the ticket: if it is no longer wanted, revoke the approval so Tally stops expecting it; if it was created under another name, approve that name in a new ticket.',
  },
  entitlement: {
    when: 'the approved policy, membership, access key or trust is absent',
    remediation:
      'In AWS: provision the entitlement exactly as the ticket approved it (attach the policy, add the membership, put the inline document, create the key or extend the trust). In the ticket: if it is no longer needed, revoke the approval; if it was provisioned differently, approve what exists in a new ticket.',
  },
  secret: {
    when: 'the approved secret does not exist (or is scheduled for deletion)',
    remediation:
      'In AWS: create the secret under the approved name or ARN (or cancel its scheduled deletion). In the ticket: if it is no longer needed, revoke the approval; if it was created under another name, approve that name in a new ticket.',
  },
};

/** What is missing, as a clause: `managed policy X is not attached`. */
function absence(e: ApprovedEntitlement, principal: FindingResource): string {
  switch (e.kind) {
    case 'identity':
      return `${principalLabel(principal)} does not exist`;
    case 'managed-policy':
      return `managed policy ${policyName(e.policyArn)} is not attached to ${principalLabel(principal)}`;
    case 'inline-policy':
      return `inline policy ${e.policyName} is not on ${principalLabel(principal)}`;
    case 'group-membership':
      return `${principalLabel(principal)} is not a member of group ${e.group}`;
    case 'access-key':
      return `${principalLabel(principal)} has no active access key (${plural(e.maxKeys, 'key')} approved)`;
    case 'role-trust':
      return `${principalLabel(principal)} does not exist (trust for ${e.principals.join(', ')} approved)`;
    case 'secret':
      return `${principalLabel(principal)} does not exist`;
  }
}

/** Title, summary and variant of an approval past its provisioning grace with nothing in AWS. */
export function approvedNotProvisionedTexts(
  e: ApprovedEntitlement,
  principal: FindingResource,
  ticketId: string,
  ageDays: number,
  graceHours: number,
): { variant: string; title: string; summary: string } {
  const variant = e.kind === 'identity' ? 'identity' : e.kind === 'secret' ? 'secret' : 'entitlement';
  const what = variant === 'entitlement' ? [kindNoun(e), ' on ', principal.name].join('') : principalLabel(principal);
  // join builds flat strings: a sweep keeps one title and summary per approval, and a template keeps its pieces alive.
  return {
    variant,
    title: ['Approved ', what, ' not provisioned (', ticketId, ')'].join(''),
    summary: [absence(e, principal), ', ', days(ageDays), ' after approval (provisioning grace ', String(graceHours), ' h)'].join(''),
  };
}

/** The entitlement as {@link entitlementLabel} names it, but a count-free `access key` and a bare `trust` in a title. */
function kindNoun(e: ApprovedEntitlement): string {
  if (e.kind === 'access-key') return 'access key';
  if (e.kind === 'role-trust') return 'trust';
  return entitlementLabel(e);
}
