import type { NormalisedApproval } from '../approval-set';
import type { FindingInput, RuleContext } from '../context';
import { approvalRef, type Finding, type FindingResource, type Severity } from '../finding';
import type { Verdict } from '../pairing';
import type { ApprovalOutcomeKind } from '../result';

/** What `build` makes of each approval whose verdict is `outcome` (undefined: nothing), in approval-key order. */
export function outcomeFindings<T = Finding>(
  ctx: RuleContext,
  outcome: ApprovalOutcomeKind,
  build: (na: NormalisedApproval, v: Verdict) => T | undefined,
): T[] {
  const { approvals } = ctx;
  const { verdicts } = ctx.pairing;
  const out: T[] = [];
  for (let i = 0; i < approvals.length; i++) {
    const v = verdicts[i]!;
    if (v.outcome !== outcome) continue;
    const built = build(approvals[i]!, v);
    if (built !== undefined) out.push(built);
  }
  return out;
}

/** Texts of a mismatch finding, built by its type's module in lib/core/finding-texts. */
export interface OutcomeTexts {
  title: string;
  summary: string;
  variant?: string;
}

/**
 * The finding that carries one approval's outcome and its evidence. `texts` is the title, or for
 * a mismatch its full texts; with a title only, the summary is `<entitlement> — <reason>`, shared
 * across approvals (a sweep builds a million of these).
 */
export function approvalFinding(
  ctx: RuleContext,
  na: NormalisedApproval,
  verdict: Verdict,
  type: Finding['type'],
  severity: Severity,
  texts: string | OutcomeTexts,
): Finding {
  const { approval } = na;
  const ref = approvalRef(approval, na.key);
  const { fact, findingId: id } = verdict;
  const resource = fact ? fact.resource : ctx.principalResource(na.principal);
  const { principal, key: discriminator } = na;
  // Most findings of a sweep come through here: built without an input object.
  if (typeof texts === 'string') {
    const summary = ctx.approvalSummary(approval.entitlement, verdict.reason);
    return ctx.approvalFinding(type, severity, texts, summary, resource, ref, fact?.observed, principal, id, discriminator);
  }
  const { title, summary, variant } = texts;
  const input: FindingInput = { type, severity, title, summary, resource, approval: ref, principal, id, discriminator };
  if (variant !== undefined) input.variant = variant;
  if (fact) input.observed = fact.observed;
  return ctx.finding(input);
}

/** The resource an approval's principal is: the observed one when there is a fact, else from the ARN. */
export function approvalPrincipal(ctx: RuleContext, na: NormalisedApproval, v: Verdict): FindingResource {
  return v.fact && v.fact.resource.type !== 'AwsIamAccessKey' && v.fact.resource.id === na.principal ? v.fact.resource : ctx.principalResource(na.principal);
}
