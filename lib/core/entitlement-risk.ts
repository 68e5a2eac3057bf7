import type { RuleContext } from './context';
import type { Severity } from './finding';
import type { Fact } from './observed';
import { isAdminLikeDocument } from './privilege';
import { isExternalTrust } from './trust';

export interface EntitlementRisk {
  /** What the entitlement is, in words. */
  what: string;
  /** Severity before the privileged-principal raise that `ctx.finding` applies. */
  severity: Severity;
  detail?: Record<string, string | number | string[]>;
}

/**
 * How dangerous an observed entitlement is: admin-like policies and trust outside the account are
 * HIGH, trust for anyone CRITICAL. For role trust, `principals` narrows the judgement to some of them
 * (the ones beyond an approval).
 */
export function entitlementRisk(ctx: RuleContext, f: Fact, principals = f.trustPrincipals ?? []): EntitlementRisk {
  const { privilege, inventory } = ctx;
  switch (f.kind) {
    case 'managed-policy': {
      const admin = privilege.isAdminLikePolicy({ policyArn: f.target, policyName: f.target.slice(f.target.lastIndexOf('/') + 1) });
      return { what: `managed policy ${f.target} attached`, severity: admin ? 'HIGH' : 'MEDIUM' };
    }
    case 'inline-policy':
      return { what: `inline policy ${f.target}`, severity: isAdminLikeDocument(f.document) ? 'HIGH' : 'MEDIUM' };
    case 'group-membership': {
      const carried = privilege.groupPolicies(f.target).map((p) => p.policyArn);
      const carries = carried.length ? ` (carries ${carried.join(', ')})` : '';
      return {
        what: `member of group ${f.target}${carries}`,
        severity: privilege.adminLikeViaGroup(f.target).length ? 'HIGH' : 'MEDIUM',
        detail: { effectivePolicies: carried },
      };
    }
    case 'role-trust': {
      const external = principals.filter((p) => isExternalTrust(p, inventory.accountId));
      const severity = external.includes('*') ? 'CRITICAL' : external.length ? 'HIGH' : 'MEDIUM';
      return { what: `trust policy allows ${(external.length ? external : principals).join(', ')}`, severity };
    }
    case 'access-key':
      return { what: `${f.activeKeys} active access key${f.activeKeys === 1 ? '' : 's'}`, severity: 'MEDIUM' };
    case 'identity':
      return { what: `${f.resource.type === 'AwsIamRole' ? 'role' : 'user'} exists`, severity: 'MEDIUM' };
    case 'secret':
      return { what: 'secret exists', severity: 'LOW' };
  }
}
