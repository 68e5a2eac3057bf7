/** Time arithmetic on ISO 8601 instants; the engine never reads the clock. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${JSON.stringify(iso)}`);
  return ms;
}

/** Whole and fractional days from `iso` to `nowMs`, rounded down to whole days for display. */
export function daysBetween(fromMs: number, toMsValue: number): number {
  return Math.floor((toMsValue - fromMs) / DAY_MS);
}

/** True when more than `days` have passed since `fromMs`; exactly `days` is still within the limit. */
export function olderThanDays(fromMs: number, nowMs: number, days: number): boolean {
  return nowMs - fromMs > days * DAY_MS;
}
