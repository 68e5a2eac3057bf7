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

const num = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
};

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` by arithmetic (a sweep reads millions of them; Date.parse and its
 * round-trip check allocate): undefined for a date or time that does not exist.
 */
function canonicalMs(iso: string): number | undefined {
  const year = num(iso, 0, 4);
  const month = num(iso, 5, 7);
  const day = num(iso, 8, 10);
  const hour = num(iso, 11, 13);
  const minute = num(iso, 14, 16);
  const second = num(iso, 17, 19);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month - 1]! + (month === 2 && leap ? 1 : 0)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000 + num(iso, 20, 23);
}

/** Milliseconds of an instant the engine holds (normalised on input); a bare date is midnight UTC. */
export function toMs(iso: string): number {
  // Instants are normalised to `toISOString()` form on input, read by arithmetic; anything else takes the full parser.
  if (iso.length === 24 && CANONICAL.test(iso)) {
    const fast = canonicalMs(iso);
    if (fast !== undefined) return fast;
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
