import { resourceTypeOf } from '../arn';
import type { NormalisedApproval } from '../approval-set';
import type { RuleContext } from '../context';
import { describeEntitlement } from '../describe';
import { approvalRef, type Finding, type FindingResource, type Severity } from '../finding';
import { toObserved } from '../observed';
import type { Verdict } from '../pairing';
import type { ApprovalOutcomeKind } from '../result';

function principalResource(principal: string): FindingResource {
  const type = resourceTypeOf(principal);
  const name = type === 'AwsSecretsManagerSecret' ? principal.replace(/^arn:[^:]+:secretsmanager:[^:]*:\d*:secret:/, '') : principal.slice(principal.lastIndexOf('/') + 1);
  return { type, id: principal, name };
}

/** Approvals whose verdict is `outcome`, with their verdicts, in approval-key order. */
export function withOutcome(ctx: RuleContext, outcome: ApprovalOutcomeKind): [NormalisedApproval, Verdict][] {
  return ctx.approvals.flatMap((na) => {
    const v = ctx.pairing.verdicts.get(na.key);
    return v && v.outcome === outcome ? [[na, v] as [NormalisedApproval, Verdict]] : [];
  });
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
  return ctx.finding({
    type,
    severity,
    title,
    summary: `${describeEntitlement(approval.entitlement)} — ${verdict.reason}`,
    resource: verdict.fact?.resource ?? principalResource(na.principal),
    approval: approvalRef(approval, na.key),
    ...(verdict.fact ? { observed: toObserved(verdict.fact) } : {}),
    principal: na.principal,
    ...(verdict.findingId ? { id: verdict.findingId } : { discriminator: na.key }),
  });
}
