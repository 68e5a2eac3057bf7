import type { ApprovedEntitlement } from '../approval';
import { isoDay } from '../describe';
import type { FindingResource } from '../finding';
import { capitalize, entitlementLabel, plural, policyName, principalLabel, type TypeTexts } from './common';

export const EXPIRED_APPROVAL_ACTIVE_TEXTS: TypeTexts = {
  expired: {
    when: "the approval's `expiresAt` has passed and the access is still there",
    remediation:
      'In AWS: remove the access (detach the policy, remove the membership, deactivate the key); with revocation enabled Tally does this after its grace. In the ticket: if the access is still needed, renew it in a new ticket and import it before the removal.',
  },
  revoked: {
    when: 'the approval was revoked and the access is still there',
    remediation:
      'In AWS: remove the access now (detach the policy, remove the membership, deactivate the key): the ticket that granted it was revoked. In the ticket: record the removal; if the access is needed again, request it in a new ticket.',
  },
};

/** What is still there, as a clause. */
function stillThere(e: ApprovedEntitlement, principal: FindingResource, activeKeys: number | undefined): string {
  switch (e.kind) {
    case 'identity':
      return `${principalLabel(principal)} still exists`;
    case 'managed-policy':
      return `managed policy ${policyName(e.policyArn)} is still attached`;
    case 'inline-policy':
      return `inline policy ${e.policyName} is still there`;
    case 'group-membership':
      return `${principalLabel(principal)} is still a member of group ${e.group}`;
    case 'access-key':
      return `${plural(activeKeys ?? 1, 'active access key')} ${(activeKeys ?? 1) === 1 ? 'is' : 'are'} still there`;
    case 'role-trust':
      return `the trust for ${e.principals.join(', ')} is still there`;
    case 'secret':
      return `${principalLabel(principal)} still exists`;
  }
}

/** Title, summary and variant of access that outlives its ended approval. */
export function expiredTexts(
  e: ApprovedEntitlement,
  principal: FindingResource,
  approval: { ticketId: string; status: string; expiresAt?: string },
  activeKeys?: number,
): { variant: string; title: string; summary: string } {
  const revoked = approval.status === 'revoked';
  const ended = revoked ? 'approval revoked' : `approval expired ${approval.expiresAt ? isoDay(approval.expiresAt) : ''}`.trimEnd();
  const what = e.kind === 'identity' || e.kind === 'secret' ? principalLabel(principal) : `${entitlementLabel(e)} on ${principalLabel(principal)}`;
  // join builds flat strings: a sweep keeps one title and summary per approval, and a template keeps its pieces alive.
  return {
    variant: revoked ? 'revoked' : 'expired',
    title: [capitalize(what), revoked ? ' outlives its revoked approval ' : ' outlives its expired approval ', approval.ticketId].join(''),
    summary: [ended, '; ', stillThere(e, principal, activeKeys)].join(''),
  };
}
