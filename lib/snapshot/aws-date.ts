import { z } from 'zod';

/** Options for {@link parseAwsDate}. */
export interface AwsDateOptions {
  /** Accept a bare `YYYY-MM-DD` (midnight UTC). Off for AWS exports, on for hand-written approvals. */
  dateOnly?: boolean;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch seconds beyond this (year 5138) are almost surely milliseconds: refuse rather than guess. */
const MAX_EPOCH_SECONDS = 1e11;

/**
 * Normalises a date as AWS tools write it to `Date.toISOString()` form, or returns undefined.
 *
 * Accepted: ISO 8601 with `T` or a space between date and time (boto-based tools print a space),
 * optional seconds and fractional seconds, zone `Z`, `±HH:MM`, `±HHMM`, `±HH`, `UTC` or none (UTC);
 * epoch seconds as a number (the AWS CLI v1 and some tools); `Date` objects (SDK v3 responses).
 * Impossible dates (`2026-02-30`) are refused.
 */
export function parseAwsDate(value: unknown, options: AwsDateOptions = {}): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value >= MAX_EPOCH_SECONDS) return undefined;
    return new Date(Math.round(value * 1000)).toISOString();
  }
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h === undefined && !options.dateOnly) return undefined;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(local).getUTCDate() !== day) return undefined;
  return new Date(local - offsetMinutes(zone) * 60_000).toISOString();
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}

/** Describes a rejected value briefly for an error message. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Zod schema for a required date, producing `toISOString()` form; a missing value reports
 * `required`, anything else unreadable `not a date ("…")`.
 */
export function awsDate(options: AwsDateOptions = {}) {
  return z.unknown().transform((value, ctx) => {
    const iso = parseAwsDate(value, options);
    if (iso !== undefined) return iso;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: value === undefined ? 'required' : `not a date (${showValue(value)})`,
    });
    return z.NEVER;
  });
}

/** Zod schema for an optional date (absent stays absent). */
export function optionalAwsDate(options: AwsDateOptions = {}) {
  return awsDate(options).optional();
}
