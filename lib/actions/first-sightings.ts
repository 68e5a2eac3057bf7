import type { Finding } from '../core/finding';
import { keyOwnerIdentity } from '../core/resources';
import type { PlannedAction } from '../core/result';
import { toMs } from '../core/time';
import { describeError } from '../errors/describe-error';
import { SIGHTING_TTL_DAYS, sightingKey, type Sighting } from './audit-table';
import type { KeyExpiryDeps } from './key-expiry-types';
import { accountOf } from './shared-rails';

/** When a planned action's key was first seen, as far as the sources that could be read say. */
export interface FirstSighting {
  /** The earliest sighting on record before this run; absent: first seen in this run. */
  at?: string;
  /** The sources that could not be read, each with why: the grace counts on the others alone. */
  unknown: string[];
  /** False when every source failed: nothing is known, not even that this run is the first to see it. */
  known: boolean;
}

/** The first sighting of each planned action (never throws: an unreadable source is in `unknown`). */
export type FirstSightings = (action: PlannedAction) => Promise<FirstSighting>;

/**
 * What a key's first sighting is kept under: its owner and creation time, the identity its findings'
 * ids are computed from (lib/core/resources.ts keyIdentity), so a key's stale and unused findings,
 * whichever the plan cites, share one sighting. Undefined when the finding names no key.
 */
export function sightingIdentity(f: Finding): string | undefined {
  const { principalArn, createdAt } = f.resource;
  if (!principalArn || !createdAt) return undefined;
  return keyOwnerIdentity(principalArn, new Date(toMs(createdAt)).toISOString());
}

const earliest = (dates: string[]) => dates.reduce<string | undefined>((best, d) => (best === undefined || toMs(d) < toMs(best) ? d : best), undefined);

/**
 * Reads the first sightings of the plan's keys from the audit table (one paged Query per account),
 * records a sighting at `now` for each key it has none of (a conditional put: the first one wins,
 * never overwritten), and combines them with the ledger's `firstSeen` when one is given: the grace
 * counts from the earliest. A failed read leaves that source unknown; a failed put stops the run
 * (AuditWriteError) before anything is written to IAM, like every audit write.
 */
export async function firstSightings(plan: readonly PlannedAction[], deps: KeyExpiryDeps, runId: string, now: string): Promise<FirstSightings> {
  const findings = new Map(deps.findings.map((f) => [f.id, f]));
  const keys = new Map<string, { account: string; identity: string; action: PlannedAction }>();
  for (const action of plan) {
    const finding = findings.get(action.findingId);
    const identity = finding && sightingIdentity(finding);
    if (identity) keys.set(action.findingId, { account: accountOf(action.userArn), identity, action });
  }

  const ttl = Math.floor(toMs(now) / 1000) + SIGHTING_TTL_DAYS * 86_400;
  const onRecord = new Map<string, Map<string, Sighting> | { error: unknown }>();
  for (const account of new Set([...keys.values()].map((k) => k.account))) {
    let known: Map<string, Sighting>;
    try {
      known = await deps.audit.sightings(account, now);
    } catch (error) {
      onRecord.set(account, { error });
      continue;
    }
    onRecord.set(account, known);
    const sighted = new Set(known.keys());
    for (const k of keys.values()) {
      if (k.account !== account || sighted.has(k.identity)) continue;
      sighted.add(k.identity);
      // Not found: this run is the first to see the key. Lost a race to another run: that one's is as recent.
      await deps.audit.sight({ ...sightingKey(account, k.identity), findingId: k.action.findingId, userArn: k.action.userArn, firstSeen: now, seenBy: runId, ttl });
    }
  }

  return async (action) => {
    const unknown: string[] = [];
    const dates: string[] = [];
    let answered = 0;
    const key = keys.get(action.findingId);
    const audit = key && onRecord.get(key.account);
    if (audit instanceof Map) {
      answered += 1;
      const s = audit.get(key!.identity);
      if (s) dates.push(s.firstSeen);
    } else if (audit) {
      unknown.push(`audit table: ${describeError(audit.error)}`);
    }
    if (deps.firstSeen) {
      try {
        const ledger = await deps.firstSeen(action.findingId);
        answered += 1;
        if (ledger) dates.push(ledger);
      } catch (e) {
        unknown.push(`findings ledger: ${describeError(e)}`);
      }
    }
    const at = earliest(dates);
    return { ...(at ? { at } : {}), unknown, known: answered > 0 || unknown.length === 0 };
  };
}
