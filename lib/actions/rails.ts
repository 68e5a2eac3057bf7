import type { Finding } from '../core/finding';
import type { Tags } from '../core/inventory';
import type { PlannedAction } from '../core/result';
import { DAY_MS, toMs } from '../core/time';

/** Tag on an IAM user that keeps Tally from ever deactivating its keys (any value but `false`). */
export const BREAK_GLASS_TAG = 'tally:break-glass';

/** Principals whose keys are never touched: emergency access that must keep working. */
export interface BreakGlass {
  /** User ARNs or user names. */
  principals?: readonly string[];
  /** @default 'tally:break-glass' */
  tag?: string;
}

/** Why the action's user (or, for a revocation, its principal) is break-glass, or undefined. */
export function breakGlassReason(action: Pick<PlannedAction, 'userArn' | 'userName'>, tags: Tags | undefined, cfg: BreakGlass = {}): string | undefined {
  const listed = (cfg.principals ?? []).find((p) => p === action.userArn || p === action.userName);
  if (listed) return `break-glass principal (configured: ${listed})`;
  const tag = cfg.tag ?? BREAK_GLASS_TAG;
  const value = tags?.[tag];
  if (value !== undefined && value.toLowerCase() !== 'false') return `break-glass principal (tag ${tag}${value ? `=${value}` : ''})`;
  return undefined;
}

/**
 * Why the grace period since the finding was first seen has not elapsed, or undefined once it has.
 * An unknown first sighting counts as now: a finding nobody has seen before is never acted on at once.
 */
export function graceReason(firstSeen: string | undefined, nowMs: number, graceDays: number): string | undefined {
  const seenMs = firstSeen === undefined ? nowMs : toMs(firstSeen);
  const endsMs = seenMs + graceDays * DAY_MS;
  if (nowMs >= endsMs) return undefined;
  const seen = firstSeen === undefined ? 'first seen in this run' : `first seen ${firstSeen}`;
  return `${seen}; grace of ${graceDays} days ends ${new Date(endsMs).toISOString()}`;
}

/**
 * The instant after which a use of the key contradicts the findings on it (the most cautious of them):
 * - UNUSED, never used (grace threshold): any recorded use;
 * - UNUSED, used: after the last use the finding saw, at most `detectedAt - actualDays` days;
 * - STALE: after the finding was detected — a key in use since is left for its owner to rotate.
 */
export function usageEvidence(findings: readonly Finding[]): { afterMs: number; basis: string } {
  let best = { afterMs: Number.POSITIVE_INFINITY, basis: 'no usage evidence' };
  for (const f of findings) {
    const detectedMs = toMs(f.detectedAt);
    const candidate =
      f.type === 'UNUSED_ACCESS_KEY' && f.threshold?.name === 'neverUsedKeyGraceDays'
        ? { afterMs: Number.NEGATIVE_INFINITY, basis: `${f.type}: never used` }
        : f.type === 'UNUSED_ACCESS_KEY'
          ? { afterMs: detectedMs - (f.threshold?.actualDays ?? 0) * DAY_MS, basis: `${f.type}: unused ${f.threshold?.actualDays} days at ${f.detectedAt}` }
          : { afterMs: detectedMs, basis: `${f.type}: detected ${f.detectedAt}` };
    if (candidate.afterMs < best.afterMs) best = candidate;
  }
  return best;
}

/** Why a live last use contradicts the findings, or undefined. */
export function usedSinceReason(lastUsed: string | null, evidence: { afterMs: number; basis: string }): string | undefined {
  if (lastUsed === null || !(toMs(lastUsed) > evidence.afterMs)) return undefined;
  return `key used ${lastUsed}, after the finding's evidence (${evidence.basis})`;
}
