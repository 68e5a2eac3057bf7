import type { NormalisedApproval } from '../approval-set';
import type { RuleContext } from '../context';
import { approvalRef, type Finding, type Severity } from '../finding';
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

/** The finding that carries one approval's outcome and its evidence. */
export function approvalFinding(
  ctx: RuleContext,
  na: NormalisedApproval,
  verdict: Verdict,
  type: Finding['type'],
  severity: Severity,
  title: string,
): Finding {
  const { approval } = na;
  const summary = ctx.approvalSummary(approval.entitlement, verdict.reason);
  const ref = approvalRef(approval, na.key);
  const { fact, findingId: id } = verdict;
  return fact
    ? ctx.finding({ type, severity, title, summary, resource: fact.resource, approval: ref, observed: fact.observed, principal: na.principal, id, discriminator: na.key })
    : ctx.finding({ type, severity, title, summary, resource: ctx.principalResource(na.principal), approval: ref, principal: na.principal, id, discriminator: na.key });
}
