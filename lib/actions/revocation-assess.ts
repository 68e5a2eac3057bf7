import type { PlannedRevocation } from '../core/revocation-plan';
import { entitlementId } from '../core/revocation-plan';
import { DAY_MS, toMs } from '../core/time';
import { describeError } from '../errors/describe-error';
import { ActionConfigError } from './action-errors';
import type { AuditSink } from './audit-log';
import { SIGHTING_TTL_DAYS, sightingKey, type Sighting } from './audit-table';
import { breakGlassReason } from './rails';
import type { RevocationDecision } from './revocation-record';
import type { RevocationDeps, RevocationOptions } from './revocation-types';
import { accountOf } from './shared-rails';

export type ResolvedRevocation = Required<Omit<RevocationOptions, 'breakGlass' | 'retentionDays'>> & Pick<RevocationOptions, 'breakGlass' | 'retentionDays'>;

/** What the rails decided for one planned revocation. */
export interface RevocationAssessment {
  seq: number;
  revocation: PlannedRevocation;
  decision: RevocationDecision;
  reason: string;
}

/** Applies defaults and refuses unsafe options before anything is read. */
export function resolveRevocationOptions(o: RevocationOptions): ResolvedRevocation {
  const r = { mode: 'report' as const, maxRevocations: 10, graceDays: 7, actor: 'tally', ...o };
  if (!r.runId.trim()) throw new ActionConfigError('runId', 'must not be empty');
  if (r.mode !== 'report' && r.mode !== 'enforce') throw new ActionConfigError('mode', `must be report or enforce, not ${String(r.mode)}`);
  if (!Number.isInteger(r.maxRevocations) || r.maxRevocations < 0) throw new ActionConfigError('maxRevocations', 'must be a whole number ≥ 0');
  if (!(r.graceDays >= 0)) throw new ActionConfigError('graceDays', 'must be a number ≥ 0');
  return r;
}

/** Sort key of a revocation's first sighting in the account's `seen#` partition (beside the keys'). */
export const revocationSightingKey = (r: PlannedRevocation) => `revoke#${entitlementId(r)}`;

/**
 * First sightings of the revocations whose approval was revoked (no revocation time on record):
 * read per account, recorded at `now` when none is on record (first put wins). A failed read leaves
 * those revocations unknown (then the grace never ends in this run: fail closed).
 */
export async function revocationSightings(plan: readonly PlannedRevocation[], audit: AuditSink, runId: string, now: string): Promise<(r: PlannedRevocation) => string | { unknown: string } | undefined> {
  const byAccount = new Map<string, Map<string, Sighting> | { unknown: string }>();
  const ttl = Math.floor(toMs(now) / 1000) + SIGHTING_TTL_DAYS * 86_400;
  for (const r of plan) {
    if (r.endedAt !== undefined || r.reportOnly || r.exempt) continue;
    const account = accountOf(r.principalArn);
    let known = byAccount.get(account);
    if (!known) {
      try {
        known = await audit.sightings(account, now);
      } catch (e) {
        known = { unknown: `first sighting unknown (audit table: ${describeError(e)})` };
      }
      byAccount.set(account, known);
    }
    if (!(known instanceof Map) || known.has(revocationSightingKey(r))) continue;
    const s: Sighting = { ...sightingKey(account, revocationSightingKey(r)), findingId: r.findingId, userArn: r.principalArn, firstSeen: now, seenBy: runId, ttl };
    await audit.sight(s);
    known.set(revocationSightingKey(r), s);
  }
  return (r) => {
    const known = byAccount.get(accountOf(r.principalArn));
    if (!known) return undefined;
    return known instanceof Map ? known.get(revocationSightingKey(r))?.firstSeen : known;
  };
}

/** The rails that need no write, cheapest first: report-only kinds, exemption, break-glass, grace. */
export function assessRevocation(
  seq: number,
  r: PlannedRevocation,
  deps: Pick<RevocationDeps, 'principalTags'>,
  o: ResolvedRevocation,
  nowMs: number,
  firstSeen: (r: PlannedRevocation) => string | { unknown: string } | undefined,
): RevocationAssessment {
  const stop = (decision: RevocationDecision, reason: string): RevocationAssessment => ({ seq, revocation: r, decision, reason });
  if (r.reportOnly) return stop('skipped-report-only', r.reportOnly);
  if (r.exempt) return stop('skipped-exempt', `exempt (${r.exempt}): an exemption on an approval in force, or the exempt tag`);
  const breakGlass = breakGlassReason({ userArn: r.principalArn, userName: r.principalName }, deps.principalTags?.(r.principalArn), o.breakGlass);
  if (breakGlass) return stop('skipped-break-glass', breakGlass);
  const seen = r.endedAt === undefined ? firstSeen(r) : undefined;
  if (typeof seen === 'object') return stop('skipped-grace', seen.unknown);
  const from = r.endedAt ?? seen ?? new Date(nowMs).toISOString();
  const basis = r.endedAt !== undefined ? `approval expired ${r.endedAt}` : `approval revoked; first seen revoked ${from}`;
  const endsMs = toMs(from) + o.graceDays * DAY_MS;
  if (nowMs < endsMs) return stop('skipped-grace', `${basis}; grace of ${o.graceDays} days ends ${new Date(endsMs).toISOString()}`);
  return stop('planned', r.reason);
}
