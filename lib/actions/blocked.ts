
/** Why an enforce run did not make a write it had planned: the cap, the kill switch, or another run holding the account or key. */
export type BlockReason = 'cap' | 'kill-switch' | 'concurrent-run';

const BLOCKING: Partial<Record<string, BlockReason>> = {
  'blocked-by-cap': 'cap',
  'skipped-kill-switch': 'kill-switch',
  'skipped-concurrent-run': 'concurrent-run',
};

/** The deactivations an enforce run was held back from, by reason; each reason with the first outcome's explanation. */
export interface BlockedActions {
  count: number;
  byReason: Partial<Record<BlockReason, { count: number; example: string }>>;
}

/**
 * What held an enforce run back: every action the rails had cleared (or the cap stopped as a whole)
 * but that was not written because of the cap, the kill switch or a concurrent run. Report mode
 * writes nothing, so nothing in it is blocked.
 */
export function blockedActions(mode: 'report' | 'enforce', outcomes: readonly ({ decision: string; reason: string } | undefined)[]): BlockedActions {
  const out: BlockedActions = { count: 0, byReason: {} };
  if (mode !== 'enforce') return out;
  for (const o of outcomes) {
    const reason = o && BLOCKING[o.decision];
    if (!reason) continue;
    out.count += 1;
    const entry = (out.byReason[reason] ??= { count: 0, example: o.reason });
    entry.count += 1;
  }
  return out;
}

/** One line for a person: `65 deactivation(s) blocked: cap 65 (65 keys would be …)`. */
export function describeBlocked(b: BlockedActions, what = 'deactivation'): string {
  const parts = Object.entries(b.byReason).map(([reason, e]) => `${reason} ${e.count} (${e.example})`);
  return `${b.count} ${what}(s) blocked: ${parts.join('; ')}`;
}
