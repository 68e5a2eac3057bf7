/** Time arithmetic on ISO 8601 instants; the engine never reads the clock. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Options for {@link parseInstant}. */
export interface InstantOptions {
  /** Accept a bare `YYYY-MM-DD` (midnight UTC). */
  dateOnly?: boolean;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?)?$/;

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}

/**
 * The one date parser of Tally (flags, approvals, exports, the engine's own instants): epoch
 * milliseconds, or undefined for anything else. ISO 8601 with `T` or a space between date and time,
 * optional seconds and fractional seconds, zone `Z`, `±HH:MM`, `±HHMM`, `±HH`, `UTC`, or none —
 * and none means UTC, whatever the machine's zone. Impossible dates (`2026-02-30`) are refused, and
 * so is everything `Date.parse` would guess at (`11/20/2026`, `Fri Nov 20 2026`).
 */
export function parseInstant(text: string, options: InstantOptions = {}): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h === undefined && !options.dateOnly) return undefined;
  const [month, day, hour, minute, second] = [mo, d, h, mi, s].map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const at = new Date(0);
  at.setUTCFullYear(Number(y), month - 1, day); // not Date.UTC: it reads years 0–99 as 1900–1999
  if (at.getUTCDate() !== day) return undefined;
  at.setUTCHours(hour, minute, second, Number((frac ?? '').padEnd(3, '0').slice(0, 3)));
  return at.getTime() - offsetMinutes(zone) * 60_000;
}

/** Milliseconds of an instant the engine holds (normalised on input); a bare date is midnight UTC. */
export function toMs(iso: string): number {
  // Instants are normalised to `toISOString()` form on input: Date.parse reads that form exactly, and
  // the round trip refuses what it would roll over (`2026-02-30`). Anything else takes the full parser.
  if (iso.length === 24 && CANONICAL.test(iso)) {
    const fast = Date.parse(iso);
    if (!Number.isNaN(fast) && new Date(fast).toISOString() === iso) return fast;
  }
  const ms = parseInstant(iso, { dateOnly: true });
  if (ms === undefined) throw new RangeError(`not an ISO 8601 instant: ${JSON.stringify(iso)}`);
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
