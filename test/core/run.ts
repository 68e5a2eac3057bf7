import type { Approval } from '../../lib/core/approval';
import type { FindingType } from '../../lib/core/finding';
import type { Inventory } from '../../lib/core/inventory';
import { parsePolicy } from '../../lib/core/policy';
import { reconcile } from '../../lib/core/reconcile';
import type { ReconcileResult } from '../../lib/core/result';
import { NOW } from './builders';

export function run(inv: Inventory, approvals: Approval[] = [], policy: unknown = {}, now = NOW): ReconcileResult {
  return reconcile(inv, approvals, parsePolicy(policy), now);
}

export function ofType(result: ReconcileResult, type: FindingType) {
  return result.findings.filter((f) => f.type === type);
}

export function outcomeOf(result: ReconcileResult, ticketId: string) {
  const matches = result.outcomes.filter((o) => o.ticketId === ticketId);
  if (matches.length !== 1) throw new Error(`expected one outcome for ${ticketId}, got ${matches.length}`);
  return matches[0]!.outcome;
}
