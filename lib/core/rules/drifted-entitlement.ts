import type { NormalisedApproval } from '../approval-set';
import type { RuleContext } from '../context';
import { entitlementRisk } from '../entitlement-risk';
import { severityRank, type Severity } from '../finding';
import type { Verdict } from '../pairing';
import { normaliseTrustPrincipal } from '../trust';
import { driftedTexts } from '../finding-texts/drifted-entitlement';
import { approvalFinding, approvalPrincipal, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** Trust principals beyond the approved ones. */
function extraTrust(na: NormalisedApproval, v: Verdict): string[] {
  const e = na.approval.entitlement;
  const allowed = e.kind === 'role-trust' ? new Set(e.principals.map(normaliseTrustPrincipal)) : new Set<string>();
  return (v.fact?.trustPrincipals ?? []).filter((p) => !allowed.has(p));
}

/** MEDIUM, or what the drifted-to state would rate as shadow access (external trust, admin policy). */
function driftSeverity(ctx: RuleContext, na: NormalisedApproval, v: Verdict): Severity {
  const e = na.approval.entitlement;
  if (!v.fact || e.kind === 'inline-policy' || e.kind === 'access-key') return 'MEDIUM';
  const risk = entitlementRisk(ctx, v.fact, extraTrust(na, v)).severity;
  return severityRank(risk) > severityRank('MEDIUM') ? risk : 'MEDIUM';
}

/** Present, but not as approved: other policy, changed document, extra trust, too many keys. */
export const driftedEntitlement: Rule = {
  id: 'DRIFTED_ENTITLEMENT',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'DRIFTED_ENTITLEMENT', (na, v) => {
      const fact = v.fact ?? { target: '' };
      const texts = driftedTexts(na.approval.entitlement, approvalPrincipal(ctx, na, v), na.approval.ticketId, fact, extraTrust(na, v));
      return approvalFinding(ctx, na, v, 'DRIFTED_ENTITLEMENT', driftSeverity(ctx, na, v), texts);
    }),
};
