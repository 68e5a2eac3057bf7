import { actionId, type AuditRecord } from '../actions/audit-table';
import { isSameKey } from '../actions/same-key';
import { isEvidence, type Finding } from '../core/finding';
import type { ReconcileResult } from '../core/result';

/**
 * What a run's key deactivations closed, with the action's id: by the resource id of a key (every
 * finding about that key), or by the id of one finding about the keys of a user as a whole
 * (APPROVED_BUT_UNUSED of an access-key approval). Finding ids (`tally/…`) and resource ids (ARNs)
 * never collide.
 */
export type ClosedKeys = ReadonlyMap<string, string>;

function aboutKey(f: Finding, r: AuditRecord): boolean {
  const { type, principalArn, accessKeyId, accessKeySlot } = f.resource;
  return type === 'AwsIamAccessKey' && principalArn === r.userArn && isSameKey({ accessKeyId, slot: accessKeySlot }, r);
}

/** An approval of a user's keys found unused: about every key active when the run read them (`observed.detail.activeKeys`). */
function unusedKeysApproval(f: Finding): { userArn: string; activeKeys: number } | undefined {
  if (f.type !== 'APPROVED_BUT_UNUSED' || f.observed?.kind !== 'access-key') return undefined;
  const active = f.observed.detail?.activeKeys;
  return typeof active === 'number' ? { userArn: f.observed.principal, activeKeys: active } : undefined;
}

/**
 * The findings a run's deactivations closed, as {@link ClosedKeys}: every finding about a deactivated
 * key (stale, unused, unapproved), and an access-key approval's APPROVED_BUT_UNUSED once no key it
 * was about stays active (the run made inactive as many distinct keys of the user as were active).
 */
export function closedByActions(result: ReconcileResult, executed: readonly AuditRecord[]): Map<string, string> {
  const closed = new Map<string, string>();
  if (executed.length === 0) return closed;
  for (const f of result.findings) {
    if (isEvidence(f.type) || closed.has(f.resource.id)) continue;
    const by = executed.find((r) => aboutKey(f, r));
    if (by) closed.set(f.resource.id, actionId(by));
    const unused = unusedKeysApproval(f);
    if (!unused) continue;
    const mine = executed.filter((r) => r.userArn === unused.userArn);
    const keys = new Set(mine.map((r) => r.accessKeyId ?? `slot ${r.accessKeySlot}`));
    if (unused.activeKeys > 0 && keys.size >= unused.activeKeys) closed.set(f.id, actionId(mine[mine.length - 1]!));
  }
  return closed;
}

/** The action that closed `f`, if any (evidence never is closed: it stays with its approval). */
export function closingAction(f: Finding, closed: ClosedKeys): string | undefined {
  return isEvidence(f.type) ? undefined : (closed.get(f.id) ?? closed.get(f.resource.id));
}

/** Whether `f` is a finding the run's actions closed (see {@link ClosedKeys}). */
export function isClosed(f: Finding, closed: ClosedKeys): boolean {
  return closingAction(f, closed) !== undefined;
}

/** `result` without the findings about keys in `closed`: what is still open after the run acted. */
export function withoutClosed(result: ReconcileResult, closed: ClosedKeys): ReconcileResult {
  if (closed.size === 0) return result;
  return { ...result, findings: result.findings.filter((f) => !isClosed(f, closed)) };
}
