import type { ApprovedEntitlement } from './approval';

/** Human wording of an approved entitlement, for finding summaries. */
export function describeEntitlement(e: ApprovedEntitlement): string {
  switch (e.kind) {
    case 'identity':
      return 'the identity';
    case 'managed-policy':
      return `managed policy ${e.policyArn.slice(e.policyArn.lastIndexOf('/') + 1)}`;
    case 'inline-policy':
      return `inline policy ${e.policyName}`;
    case 'group-membership':
      return `membership of group ${e.group}`;
    case 'access-key':
      return `up to ${e.maxKeys} access key${e.maxKeys === 1 ? '' : 's'}`;
    case 'role-trust':
      return `trust for ${e.principals.join(', ')}`;
    case 'secret':
      return 'the secret';
  }
}

export function isoDay(iso: string): string {
  return iso.slice(0, 10);
}
