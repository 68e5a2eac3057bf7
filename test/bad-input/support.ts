import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SnapshotError } from '../../lib/aws-shapes/snapshot-error';

/** Exports are loosely typed on purpose: they stand in for whatever a file holds. */
export type Json = any;

export const SNAPSHOTS = join(import.meta.dirname, '..', 'fixtures', 'snapshot');

/** A fixture file of test/fixtures/snapshot as text. */
export function fixtureText(path: string): string {
  return readFileSync(join(SNAPSHOTS, path), 'utf8');
}

/** A fixture file of test/fixtures/snapshot, freshly parsed (safe to mutate). */
export function fixtureJson(path: string): Json {
  return JSON.parse(fixtureText(path)) as Json;
}

/**
 * Runs `f`: its value, or the SnapshotError it threw. Any other error is rethrown, so a property
 * fails the moment a loader throws something else (a TypeError, a raw ZodError, ...).
 */
export function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false; error: SnapshotError } {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    if (error instanceof SnapshotError) return { ok: false, error };
    throw error;
  }
}

/** The error of `f`, which must be a SnapshotError. */
export function snapshotError(f: () => unknown): SnapshotError {
  const r = attempt(f);
  if (r.ok) throw new Error(`expected a SnapshotError, but the input was accepted: ${JSON.stringify(r.value)?.slice(0, 300)}`);
  return r.error;
}

/** The error names the file, the record and the field, in its properties and in its message. */
export function expectNamed(error: SnapshotError, where: { file: string; record?: string; field?: string }): void {
  expect(error).toBeInstanceOf(SnapshotError);
  expect(error.file).toBe(where.file);
  expect(error.message).toContain(where.file);
  if (where.record !== undefined) {
    expect(error.record).toBe(where.record);
    expect(error.message).toContain(where.record);
  }
  if (where.field !== undefined) {
    expect(error.field).toBe(where.field);
    expect(error.message).toContain(where.field);
  }
}

/** A value no field Tally reads accepts: absent is `undefined`, never `null`. */
export const ALWAYS_WRONG: readonly unknown[] = [null];
/** Values that may or may not suit a given field. */
export const MAYBE_WRONG: readonly unknown[] = [true, false, 42, -1, 1e13, '', ' ', 'yesterday', '2026-02-30T00:00:00Z', [], {}, [1], { a: 1 }];
