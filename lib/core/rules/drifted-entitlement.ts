import type { NormalisedApproval } from '../approval-set';
import type { RuleContext } from '../context';
import { entitlementRisk } from '../entitlement-risk';
import { severityRank, type Severity } from '../finding';
import type { Verdict } from '../pairing';
import { normaliseTrustPrincipal } from '../trust';
import { approvalFinding, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** MEDIUM, or what the drifted-to state would rate as shadow access (external trust, admin policy). */
function driftSeverity(ctx: RuleContext, na: NormalisedApproval, v: Verdict): Severity {
  const e = na.approval.entitlement;
  if (!v.fact || e.kind === 'inline-policy' || e.kind === 'access-key') return 'MEDIUM';
  const allowed = e.kind === 'role-trust' ? new Set(e.principals.map(normaliseTrustPrincipal)) : new Set<string>();
  const extra = (v.fact.trustPrincipals ?? []).filter((p) => !allowed.has(p));
  const risk = entitlementRisk(ctx, v.fact, extra).severity;
  return severityRank(risk) > severityRank('MEDIUM') ? risk : 'MEDIUM';
}

/** Present, but not as approved: other policy, changed document, extra trust, too many keys. */
export const driftedEntitlement: Rule = {
  id: 'DRIFTED_ENTITLEMENT',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'DRIFTED_ENTITLEMENT', (na, v) =>
      approvalFinding(ctx, na, v, 'DRIFTED_ENTITLEMENT', driftSeverity(ctx, na, v), `Access drifted from approval ${na.approval.ticketId}`),
    ),
};
