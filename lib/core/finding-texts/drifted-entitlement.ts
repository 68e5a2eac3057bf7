import type { ApprovedEntitlement } from '../approval';
import type { FindingResource } from '../finding';
import { capitalize, entitlementLabel, plural, policyName, principalLabel, type TypeTexts } from './common';

export const DRIFTED_ENTITLEMENT_TEXTS: TypeTexts = {
  'inline-document': {
    when: "the approved inline policy exists but its document's hash differs from the approved `documentSha256`",
    remediation:
      'In AWS: compare the inline policy with the approved document and put the approved document back (Put*Policy), unless the change is wanted. In the ticket: if the change is wanted, approve the new document in a new ticket with its documentSha256 and import it.',
  },
  trust: {
    when: "the role's trust policy allows principals beyond the approved ones",
    remediation:
      "In AWS: remove the extra principals from the role's trust policy (UpdateAssumeRolePolicy). In the ticket: if they should assume the role, approve the wider trust in a new ticket that lists every principal, and import it.",
  },
  'extra-keys': {
    when: 'the user holds more active access keys than the approved `maxKeys`',
    remediation:
      'In AWS: find which key the workload uses (last used date), deactivate the others and delete them once nothing fails. In the ticket: if the user needs more keys (e.g. during a rotation), approve the higher maxKeys in a new ticket.',
  },
  replaced: {
    when: 'the approved policy, inline policy or group is absent while an unapproved one of the same kind is there (the wrong one applied)',
    remediation:
      'In AWS: apply the entitlement the ticket approved and remove the one found instead. In the ticket: if the one found is the right one, approve it in a new ticket and revoke the old approval.',
  },
};

/** What the principal holds instead, in words. */
function found(kind: ApprovedEntitlement['kind'], target: string): string {
  switch (kind) {
    case 'managed-policy':
      return `managed policy ${policyName(target)} is attached`;
    case 'group-membership':
      return `it is a member of group ${target}`;
    case 'inline-policy':
      return `inline policy ${target} is there`;
    default:
      return `${kind} ${target} is there`;
  }
}

/** Title, summary and variant of access present but not as `e` approved it. */
export function driftedTexts(
  e: ApprovedEntitlement,
  principal: FindingResource,
  ticketId: string,
  fact: { target: string; activeKeys?: number; trustPrincipals?: string[] },
  extraTrust: string[],
): { variant: string; title: string; summary: string } {
  const who = principalLabel(principal);
  if (e.kind === 'inline-policy' && fact.target === e.policyName) {
    return {
      variant: 'inline-document',
      title: `Inline policy ${e.policyName} on ${who} changed since ${ticketId}`,
      summary: `inline policy ${e.policyName} differs from the approved document (sha256 mismatch)`,
    };
  }
  if (e.kind === 'role-trust') {
    return {
      variant: 'trust',
      title: `Trust of ${who} is wider than ${ticketId} approved`,
      summary: `trust policy also allows ${extraTrust.join(', ')}; approved: ${e.principals.join(', ')}`,
    };
  }
  if (e.kind === 'access-key') {
    return {
      variant: 'extra-keys',
      title: `${capitalize(who)} has more access keys than ${ticketId} approved`,
      summary: `${plural(fact.activeKeys ?? 0, 'active access key')}, ${e.maxKeys} approved`,
    };
  }
  return {
    variant: 'replaced',
    title: `${capitalize(who)} holds other access than ${ticketId} approved`,
    summary: `${entitlementLabel(e)} is absent; ${found(e.kind, fact.target)} instead`,
  };
}
