import type { RuleContext } from '../context';
import type { Finding, Severity } from '../finding';
import { toObserved, type Fact } from '../observed';
import { isAdminLikeDocument } from '../privilege';
import { accessKeyResource } from '../resources';
import { isExternalTrust } from '../trust';
import type { Rule } from './rule';

interface Assessment {
  what: string;
  severity: Severity;
  detail?: Record<string, string | number | string[]>;
}

function assess(ctx: RuleContext, f: Fact): Assessment {
  const { privilege, inventory } = ctx;
  // Severity before the privileged-principal raise that ctx.finding applies.
  switch (f.kind) {
    case 'managed-policy': {
      const admin = privilege.isAdminLikePolicy({ policyArn: f.target, policyName: f.target.slice(f.target.lastIndexOf('/') + 1) });
      return { what: `managed policy ${f.target} attached`, severity: admin ? 'HIGH' : 'MEDIUM' };
    }
    case 'inline-policy': {
      const admin = isAdminLikeDocument(f.document);
      return { what: `inline policy ${f.target}`, severity: admin ? 'HIGH' : 'MEDIUM' };
    }
    case 'group-membership': {
      const carried = privilege.groupPolicies(f.target).map((p) => p.policyArn);
      const admin = privilege.adminLikeViaGroup(f.target);
      const carries = carried.length ? ` (carries ${carried.join(', ')})` : '';
      return { what: `member of group ${f.target}${carries}`, severity: admin.length ? 'HIGH' : 'MEDIUM', detail: { effectivePolicies: carried } };
    }
    case 'role-trust': {
      const external = (f.trustPrincipals ?? []).filter((p) => isExternalTrust(p, inventory.accountId));
      return { what: `trust policy allows ${external.join(', ')}`, severity: external.includes('*') ? 'CRITICAL' : 'HIGH' };
    }
    case 'access-key':
      return { what: `${f.activeKeys} active access key(s)`, severity: 'MEDIUM' };
    case 'identity':
      return { what: `${f.resource.type === 'AwsIamRole' ? 'role' : 'user'} exists`, severity: 'MEDIUM' };
    case 'secret':
      return { what: 'secret exists', severity: 'LOW' };
  }
}

function rootKeyFindings(ctx: RuleContext): Finding[] {
  const root = ctx.inventory.root;
  if (!root) return [];
  return root.accessKeys
    .filter((k) => k.active)
    .map((k) =>
      ctx.finding({
        type: 'UNAPPROVED_ENTITLEMENT',
        severity: 'CRITICAL',
        title: 'Root user has an active access key',
        summary: `root access key ${k.slot} is active (created ${k.createdAt.slice(0, 10)}); root keys are never approvable`,
        resource: accessKeyResource(root.arn, 'root', k),
        control: 'IAM.4',
        discriminator: `root-key-${k.slot}`,
      }),
    );
}

/** Shadow access: an entitlement no approval, current or past, accounts for. */
export const unapprovedEntitlement: Rule = {
  id: 'UNAPPROVED_ENTITLEMENT',
  evaluate: (ctx) => [
    ...ctx.pairing.unapproved.map((f) => {
      const a = assess(ctx, f);
      const observed = toObserved(f);
      return ctx.finding({
        type: 'UNAPPROVED_ENTITLEMENT',
        severity: a.severity,
        title: `Unapproved ${f.kind} on ${f.resource.name}`,
        summary: `${a.what} with no approval`,
        resource: f.resource,
        observed: a.detail ? { ...observed, detail: { ...observed.detail, ...a.detail } } : observed,
        discriminator: f.matchKey,
      });
    }),
    ...rootKeyFindings(ctx),
  ],
};
