import type { RuleContext } from '../context';
import { entitlementRisk } from '../entitlement-risk';
import type { Finding } from '../finding';
import { matchKey } from '../observed';
import { rootKeyTexts, unapprovedTexts } from '../finding-texts/unapproved-entitlement';
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
        ...rootKeyTexts(k.slot, k.createdAt),
        severity: 'CRITICAL',
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
      const { variant, title, summary } = unapprovedTexts(f.kind, f.target, f.resource, a.what);
      // One literal, no spreads: a sweep builds one of these per unapproved entitlement.
      return ctx.finding({
        type: 'UNAPPROVED_ENTITLEMENT',
        variant,
        title,
        summary,
        severity: a.severity,
        resource: f.resource,
        observed: a.detail ? { ...observed, detail: { ...observed.detail, ...a.detail } } : observed,
        discriminator: matchKey(f),
      });
    }),
    ...rootKeyFindings(ctx),
  ],
};
