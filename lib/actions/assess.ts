import type { PlannedAction } from '../core/result';
import { ActionConfigError } from './action-errors';
import type { ActionDecision } from './audit-table';
import type { FirstSightings } from './first-sightings';
import { confirmKey, type LiveKey } from './iam-keys';
import type { KeyExpiryDeps, KeyExpiryOptions } from './key-expiry-types';
import { breakGlassReason, graceReason, usageEvidence, usedSinceReason } from './rails';

/** Options with their defaults applied. */
export type Resolved = Required<Omit<KeyExpiryOptions, 'breakGlass' | 'retentionDays'>> & Pick<KeyExpiryOptions, 'breakGlass' | 'retentionDays'>;

/** A report run's decisions already on record, as `<findingId>#<decision>` (see REPORTED_TTL_DAYS). */
export type Reported = (decisionId: string) => boolean;

/** What the rails decided for one planned action, and the key IAM confirmed (when it was read). */
export interface Assessment {
  seq: number;
  action: PlannedAction;
  decision: ActionDecision;
  reason: string;
  key?: LiveKey;
}

/** Applies defaults and refuses unsafe options before anything is read. */
export function resolveOptions(o: KeyExpiryOptions): Resolved {
  const r = { mode: 'report' as const, maxActions: 10, graceDays: 7, actor: 'tally', everyRun: false, ...o };
  if (!r.runId.trim()) throw new ActionConfigError('runId', 'must not be empty');
  if (r.mode !== 'report' && r.mode !== 'enforce') throw new ActionConfigError('mode', `must be report or enforce, not ${String(r.mode)}`);
  if (!Number.isInteger(r.maxActions) || r.maxActions < 0) throw new ActionConfigError('maxActions', 'must be a whole number ≥ 0');
  if (!(r.graceDays >= 0)) throw new ActionConfigError('graceDays', 'must be a number ≥ 0');
  return r;
}

/**
 * The rails in order, cheapest first; IAM is read only for actions no other rail stopped, and in a
 * report run only for a key not on record as planned already (`reported`).
 */
export async function assess(seq: number, action: PlannedAction, deps: KeyExpiryDeps, o: Resolved, nowMs: number, firstSeen: FirstSightings, reported: Reported = () => false): Promise<Assessment> {
  const stop = (decision: ActionDecision, reason: string, key?: LiveKey): Assessment => ({ seq, action, decision, reason, ...(key ? { key } : {}) });
  const finding = deps.findings.find((f) => f.id === action.findingId);
  const createdAt = finding?.resource.createdAt;
  if (!finding || !createdAt) return stop('skipped-finding-missing', `finding ${action.findingId} with the key's creation time is not among this run's findings`);
  const breakGlass = breakGlassReason(action, deps.userTags?.(action.userArn), o.breakGlass);
  if (breakGlass) return stop('skipped-break-glass', breakGlass);
  // The grace counts on the sources that could be read; when none could, nothing is acted on (fail closed).
  const seen = await firstSeen(action);
  const unknown = seen.unknown.length ? `first sighting unknown (${seen.unknown.join('; ')})` : undefined;
  const grace = seen.known ? graceReason(seen.at, nowMs, o.graceDays) : undefined;
  if (grace || !seen.known) return stop('skipped-grace', [unknown, grace].filter(Boolean).join('; '));
  if (o.mode === 'report' && reported(`${action.findingId}#planned`)) return stop('planned', action.reason);
  const confirmed = await confirmKey(deps.iam, { userName: action.userName, createdAt, ...(action.accessKeyId ? { accessKeyId: action.accessKeyId } : {}) });
  if (!confirmed.ok) return stop(confirmed.decision, confirmed.reason);
  const { key } = confirmed;
  if (key.status !== 'Active') return stop('already-inactive', `key ${key.accessKeyId} is ${key.status}`, key);
  const onKey = deps.findings.filter((f) => f.resource.id === finding.resource.id && (f.type === 'STALE_ACCESS_KEY' || f.type === 'UNUSED_ACCESS_KEY'));
  const used = usedSinceReason(key.lastUsed, usageEvidence(onKey));
  if (used) return stop('skipped-key-in-use', used, key);
  return stop('planned', action.reason, key);
}
