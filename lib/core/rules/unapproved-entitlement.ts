import type { RuleContext } from '../context';
import { entitlementRisk } from '../entitlement-risk';
import type { Finding } from '../finding';
import { matchKey } from '../observed';
import { accessKeyResource } from '../resources';
import type { Rule } from './rule';

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
      const a = entitlementRisk(ctx, f);
      const { observed } = f;
      return ctx.finding({
        type: 'UNAPPROVED_ENTITLEMENT',
        severity: a.severity,
        title: `Unapproved ${f.kind} on ${f.resource.name}`,
        summary: `${a.what} with no approval`,
        resource: f.resource,
        observed: a.detail ? { ...observed, detail: { ...observed.detail, ...a.detail } } : observed,
        discriminator: matchKey(f),
      });
    }),
    ...rootKeyFindings(ctx),
  ],
};
