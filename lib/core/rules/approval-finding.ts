import type { NormalisedApproval } from '../approval-set';
import { assembleFinding } from '../assemble-finding';
import { raise, type FindingInput, type RuleContext } from '../context';
import { approvalRef, type Finding, type FindingResource, type Severity, type Threshold } from '../finding';
import { findingId } from '../finding-id';
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
 * across approvals (a sweep builds a million of these). `threshold`, when given, comes last, after
 * `detectedAt` (where APPROVED_NOT_PROVISIONED findings have always had it).
 */
export function approvalFinding(
  ctx: RuleContext,
  na: NormalisedApproval,
  verdict: Verdict,
  type: Finding['type'],
  severity: Severity,
  texts: string | OutcomeTexts,
  threshold?: Threshold,
): Finding {
  const { approval, principal } = na;
  const { fact } = verdict;
  const resource = fact ? fact.resource : ctx.principalResource(principal);
  const observed = fact?.observed;
  const id = verdict.findingId ?? findingId(ctx.inventory.accountId, type, resource.id, na.key);
  const ref = approvalRef(approval, na.key);
  const title = typeof texts === 'string' ? texts : texts.title;
  const summary = typeof texts === 'string' ? ctx.approvalSummary(approval.entitlement, verdict.reason) : texts.summary;
  const variant = typeof texts === 'string' ? undefined : texts.variant;
  const isPriv = ctx.isPrivileged(principal);
  const exempt = ctx.exemptions.get(principal);
  const sev = raise(severity, isPriv);
  const accountId = ctx.inventory.accountId;
  const detectedAt = ctx.now;
  // Most findings of a sweep: one literal each, in assembleFinding's field order, without an input object.
  if (exempt === undefined) {
    if (variant === undefined && threshold === undefined) {
      return observed
        ? { id, type, severity: sev, title, summary, resource, approval: ref, observed, accountId, privileged: isPriv, detectedAt }
        : { id, type, severity: sev, title, summary, resource, approval: ref, accountId, privileged: isPriv, detectedAt };
    }
    if (variant !== undefined && threshold === undefined && observed) {
      return { id, type, variant, severity: sev, title, summary, resource, approval: ref, observed, accountId, privileged: isPriv, detectedAt };
    }
    if (variant !== undefined && threshold !== undefined && !observed) {
      return { id, type, variant, severity: sev, title, summary, resource, approval: ref, accountId, privileged: isPriv, detectedAt, threshold };
    }
  }
  const input: FindingInput = { type, severity, title, summary, resource, approval: ref };
  if (variant !== undefined) input.variant = variant;
  if (observed) input.observed = observed;
  const f = assembleFinding(id, input, sev, accountId, isPriv, exempt, detectedAt);
  if (threshold) f.threshold = threshold;
  return f;
}

/** The resource an approval's principal is: the observed one when there is a fact, else from the ARN. */
export function approvalPrincipal(ctx: RuleContext, na: NormalisedApproval, v: Verdict): FindingResource {
  return v.fact && v.fact.resource.type !== 'AwsIamAccessKey' && v.fact.resource.id === na.principal ? v.fact.resource : ctx.principalResource(na.principal);
}
