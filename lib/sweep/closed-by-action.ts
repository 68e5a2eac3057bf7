import { actionId, type AuditRecord } from '../actions/audit-table';
import { isSameKey } from '../actions/same-key';
import { isEvidence, type Finding } from '../core/finding';
import type { ReconcileResult } from '../core/result';

/** Keys Tally's actions deactivated, by the resource id their findings carry, with the action's id. */
export type ClosedKeys = ReadonlyMap<string, string>;

function aboutKey(f: Finding, r: AuditRecord): boolean {
  const { type, principalArn, accessKeyId, accessKeySlot } = f.resource;
  return type === 'AwsIamAccessKey' && principalArn === r.userArn && isSameKey({ accessKeyId, slot: accessKeySlot }, r);
}

/** The keys a run's deactivations closed, as its findings name them: every finding about one (stale, unused, unapproved) closes with it. */
export function closedByActions(result: ReconcileResult, executed: readonly AuditRecord[]): Map<string, string> {
  const closed = new Map<string, string>();
  if (executed.length === 0) return closed;
  for (const f of result.findings) {
    if (isEvidence(f.type) || closed.has(f.resource.id)) continue;
    const by = executed.find((r) => aboutKey(f, r));
    if (by) closed.set(f.resource.id, actionId(by));
  }
  return closed;
}

/** Whether `f` is a finding about a key in `closed` (evidence never is: it stays with its approval). */
export function isClosed(f: Finding, closed: ClosedKeys): boolean {
  return !isEvidence(f.type) && closed.has(f.resource.id);
}

/** `result` without the findings about keys in `closed`: what is still open after the run acted. */
export function withoutClosed(result: ReconcileResult, closed: ClosedKeys): ReconcileResult {
  if (closed.size === 0) return result;
  return { ...result, findings: result.findings.filter((f) => !isClosed(f, closed)) };
}
