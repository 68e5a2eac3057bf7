import type { RuleContext } from '../context';
import { entitlementRisk, type EntitlementRisk } from '../entitlement-risk';
import type { Finding, ObservedEntitlement } from '../finding';
import { matchKey, type Fact } from '../observed';
import { rootKeyTexts, unapprovedSummary, unapprovedTexts } from '../finding-texts/unapproved-entitlement';
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

interface Judged {
  risk: EntitlementRisk;
  summary: string;
}

/**
 * The risk of shadow access and its summary. A group's or a managed policy's depend on the target
 * alone: a sweep judges each once, and its findings share the words (and a group's detail).
 */
function judge(ctx: RuleContext): (f: Fact) => Judged {
  const once = (f: Fact): Judged => {
    const risk = entitlementRisk(ctx, f);
    return { risk, summary: unapprovedSummary(risk.what) };
  };
  const byGroup = new Map<string, Judged>();
  const byPolicy = new Map<string, Judged>();
  return (f) => {
    const cache = f.kind === 'group-membership' ? byGroup : f.kind === 'managed-policy' ? byPolicy : undefined;
    if (!cache) return once(f);
    let j = cache.get(f.target);
    if (!j) cache.set(f.target, (j = once(f)));
    return j;
  };
}

/** What a finding reports observed: the fact's own, or with the risk's detail added (facts' observed entitlements have no `via`). */
function withDetail(observed: ObservedEntitlement, extra: EntitlementRisk['detail']): ObservedEntitlement {
  if (!extra) return observed;
  const { principal, kind, target, source } = observed;
  return { principal, kind, target, source, detail: observed.detail ? { ...observed.detail, ...extra } : extra };
}

/** Shadow access: an entitlement no approval, current or past, accounts for. */
export const unapprovedEntitlement: Rule = {
  id: 'UNAPPROVED_ENTITLEMENT',
  evaluate: (ctx) => {
    const judged = judge(ctx);
    return [
      ...ctx.pairing.unapproved.map((f) => {
        const { risk, summary } = judged(f);
        const { variant, title } = unapprovedTexts(f.kind, f.target, f.resource, summary);
        // One literal, no spreads: a sweep builds one of these per unapproved entitlement.
        return ctx.finding({
          type: 'UNAPPROVED_ENTITLEMENT',
          variant,
          title,
          summary,
          severity: risk.severity,
          resource: f.resource,
          observed: withDetail(f.observed, risk.detail),
          discriminator: matchKey(f),
        });
      }),
      ...rootKeyFindings(ctx),
    ];
  },
};
