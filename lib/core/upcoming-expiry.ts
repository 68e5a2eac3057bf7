import type { Approval } from './approval';
import { normaliseApprovals } from './approval-set';
import { privilegedPrincipals } from './context';
import { findingId } from './finding-id';
import type { AccessKey, Inventory } from './inventory';
import type { Policy } from './policy';
import { PrivilegeIndex } from './privilege';
import { keyIdentity } from './resources';
import type { ReconcileResult } from './result';
import { staleKeyWindow } from './rules/stale-access-key';
import { unusedKeyWindow } from './rules/unused-access-key';
import { DAY_MS, toMs } from './time';

/** Days before a key crosses a threshold at which owners are warned, largest window first. */
export const DEFAULT_WARN_DAYS = [14, 7] as const;

/** An active key that will become stale or unused soon: the warning that precedes an automatic expiry. */
export interface UpcomingExpiry {
  /**
   * Stable per (key, reason, crossing time, window), whether the key is known by slot or by id (the
   * findings' `keyIdentity`): a consumer can de-duplicate repeated sweeps on it.
   */
  id: string;
  accountId: string;
  userArn: string;
  userName: string;
  slot: 1 | 2;
  accessKeyId?: string;
  reason: 'STALE_ACCESS_KEY' | 'UNUSED_ACCESS_KEY';
  /** The instant the key crosses the threshold; the finding is raised by the first sweep after it. */
  expiresAt: string;
  /** Whole days left, rounded up (13.2 days left is 14). */
  daysLeft: number;
  /** The smallest warn window the crossing falls in (with [14, 7]: 8–14 days → 14, 0–7 days → 7). */
  warnDay: number;
  /** The threshold that will be crossed, as the rule names it. */
  threshold: { name: 'accessKeyMaxAgeDays' | 'accessKeyUnusedDays' | 'neverUsedKeyGraceDays'; limitDays: number };
  privileged: boolean;
}

export interface UpcomingExpiryOptions {
  /** @default [14, 7] */
  warnDays?: readonly number[];
  /**
   * The approvals given to `reconcile`: a `privileged` approval makes the stricter thresholds apply,
   * exactly as in the rules. Principals the result already marks privileged are covered without them.
   */
  approvals?: Approval[];
}

interface Crossing {
  reason: UpcomingExpiry['reason'];
  atMs: number;
  threshold: UpcomingExpiry['threshold'];
}

function crossings(k: AccessKey, policy: Policy, privileged: boolean): Crossing[] {
  const t = privileged ? policy.privileged : policy.standard;
  const stale = staleKeyWindow(k, t);
  const unused = unusedKeyWindow(k, t, policy);
  return [
    { reason: 'STALE_ACCESS_KEY', atMs: toMs(stale.since) + stale.limitDays * DAY_MS, threshold: { name: 'accessKeyMaxAgeDays', limitDays: stale.limitDays } },
    {
      reason: 'UNUSED_ACCESS_KEY',
      atMs: toMs(unused.since) + unused.limitDays * DAY_MS,
      threshold: { name: unused.used ? 'accessKeyUnusedDays' : 'neverUsedKeyGraceDays', limitDays: unused.limitDays },
    },
  ];
}

/**
 * Active, non-exempt IAM user keys (never root) that are not yet stale or unused but will cross
 * either threshold within the largest warn window. One warning per key: the earliest crossing (stale
 * first on a tie). Uses the rules' own windows and the engine's privilege logic, so a warning always
 * precedes the finding that plans the deactivation. Pure: `now` is an ISO 8601 instant.
 */
export function upcomingExpiries(
  inventory: Inventory,
  result: ReconcileResult,
  policy: Policy,
  now: string,
  options: UpcomingExpiryOptions = {},
): UpcomingExpiry[] {
  const nowMs = toMs(now);
  const windows = [...(options.warnDays ?? DEFAULT_WARN_DAYS)].filter((d) => d >= 0).sort((a, b) => a - b);
  const largest = windows.at(-1);
  if (largest === undefined) return [];
  const exempt = new Set(result.exemptions.map((e) => e.resource));
  const privileged = privilegedPrincipals(inventory, normaliseApprovals(options.approvals ?? [], inventory, nowMs), new PrivilegeIndex(inventory));
  for (const f of result.findings) if (f.privileged) privileged.add(f.resource.principalArn ?? f.resource.id);

  const out: UpcomingExpiry[] = [];
  for (const u of inventory.users) {
    if (exempt.has(u.arn) || u.arn === inventory.root?.arn) continue;
    const isPriv = privileged.has(u.arn);
    for (const k of u.accessKeys) {
      if (!k.active) continue;
      const all = crossings(k, policy, isPriv);
      // Past a threshold (the rules' `olderThanDays`: now > crossing): reported and planned already, no warning.
      if (all.some((c) => nowMs > c.atMs)) continue;
      const next = all.reduce((a, b) => (b.atMs < a.atMs ? b : a));
      const leftMs = next.atMs - nowMs;
      if (leftMs > largest * DAY_MS) continue;
      const warnDay = windows.find((d) => leftMs <= d * DAY_MS) ?? largest;
      const expiresAt = new Date(next.atMs).toISOString();
      out.push({
        id: findingId(inventory.accountId, `KEY_EXPIRY_WARNING_${warnDay}`, keyIdentity(u, k), `${next.reason}|${expiresAt}`),
        accountId: inventory.accountId,
        userArn: u.arn,
        userName: u.name,
        slot: k.slot,
        ...(k.accessKeyId ? { accessKeyId: k.accessKeyId } : {}),
        reason: next.reason,
        expiresAt,
        daysLeft: Math.ceil(leftMs / DAY_MS),
        warnDay,
        threshold: next.threshold,
        privileged: isPriv,
      });
    }
  }
  return out.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id.localeCompare(b.id));
}
