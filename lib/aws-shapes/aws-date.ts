import { z } from 'zod';
import { parseInstant, type InstantOptions } from '../core/time';

/** Options for {@link parseAwsDate}: `dateOnly` off for AWS exports, on for hand-written approvals. */
export type AwsDateOptions = InstantOptions;

/** Epoch seconds beyond this (year 5138) are almost surely milliseconds: refuse rather than guess. */
const MAX_EPOCH_SECONDS = 1e11;

/**
 * Normalises a date as AWS tools write it to `Date.toISOString()` form, or returns undefined.
 *
 * Strings go through {@link parseInstant}, the one date rule (ISO 8601, `T` or a space, no zone
 * meaning UTC); also epoch seconds as a number (the AWS CLI v1 and some tools) and `Date` objects
 * (SDK v3 responses).
 */
export function parseAwsDate(value: unknown, options: AwsDateOptions = {}): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value >= MAX_EPOCH_SECONDS) return undefined;
    return new Date(Math.round(value * 1000)).toISOString();
  }
  if (typeof value !== 'string') return undefined;
  const ms = parseInstant(value, options);
  return ms === undefined ? undefined : new Date(ms).toISOString();
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
