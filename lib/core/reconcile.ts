import type { Approval } from './approval';
import { normaliseApprovals } from './approval-set';
import { canonicalInventory } from './canonical-inventory';
import { buildContext } from './context';
import type { Finding } from './finding';
import type { Inventory } from './inventory';
import { observedFacts } from './observed';
import { pair } from './pairing';
import { planActions } from './plan';
import type { Policy } from './policy';
import type { ApprovalOutcome, ReconcileResult, ReconcileSummary } from './result';
import { RULES } from './rules';
import { toMs } from './time';

/** A rule that throws fails the whole reconcile: a broken check must never read as a pass. */
export class RuleError extends Error {
  override readonly name = 'RuleError';
  constructor(
    readonly ruleId: string,
    options: { cause: unknown },
  ) {
    super(`rule ${ruleId} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function summarise(findings: Finding[], approvals: number, inv: Inventory): ReconcileSummary {
  const summary: ReconcileSummary = {
    byType: {},
    bySeverity: {},
    approvals,
    principals: inv.users.length + inv.roles.length + inv.groups.length,
    secrets: inv.secrets.length,
  };
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    summary.byType[f.type] = (summary.byType[f.type] ?? 0) + 1;
    summary.bySeverity[f.severity] = (summary.bySeverity[f.severity] ?? 0) + 1;
  }
  return summary;
}

/**
 * Compares approved intent with observed state. Pure and deterministic: the result depends only on
 * the arguments, not on their order (inputs are put in a canonical order first; findings come out
 * grouped by rule, in that order). `now` is an ISO 8601 instant.
 */
export function reconcile(input: Inventory, approvals: Approval[], policy: Policy, now: string): ReconcileResult {
  const nowMs = toMs(now);
  const inventory = canonicalInventory(input);
  const normalised = normaliseApprovals(approvals, inventory, nowMs);
  const facts = observedFacts(inventory);
  const pairing = pair(inventory, normalised, facts, policy, nowMs);
  const ctx = buildContext(inventory, policy, nowMs, normalised, facts, pairing);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    let found: Finding[];
    try {
      found = rule.evaluate(ctx);
    } catch (cause) {
      throw new RuleError(rule.id, { cause });
    }
    for (const f of found) findings.push(f);
  }

  const outcomes: ApprovalOutcome[] = normalised.map((na, i) => {
    const { outcome, findingId } = pairing.verdicts[i]!;
    const approvalKey = na.key;
    const ticketId = na.approval.ticketId;
    return findingId ? { approvalKey, ticketId, outcome, findingId } : { approvalKey, ticketId, outcome };
  });

  return {
    accountId: inventory.accountId,
    evaluatedAt: ctx.now,
    findings,
    outcomes,
    actions: planActions(findings, inventory.root?.arn),
    exemptions: [...ctx.exemptions]
      .map(([resource, e]) => ({ resource, ...e }))
      .sort((a, b) => byString(a.resource, b.resource)),
    incomplete: Object.entries(inventory.coverage)
      .filter(([, read]) => !read)
      .map(([part]) => part)
      .sort(),
    ...(inventory.keysUnread?.length ? { keysUnread: inventory.keysUnread } : {}),
    summary: summarise(findings, normalised.length, inventory),
  };
}
