import { readFile } from 'node:fs/promises';
import { SEVERITIES, severityRank, type Severity } from '../core/finding';
import { parsePolicy, type Policy } from '../core/policy';
import { reconcile } from '../core/reconcile';
import type { ReconcileResult } from '../core/result';
import { render } from '../report';
import { loadApprovalsFile } from '../snapshot/approvals-file';
import { loadSnapshotDir } from '../snapshot/load-snapshot';
import { parseEmit, parseFormat, writeOutput, type OutputTarget } from './outputs';
import { UsageError } from './usage-error';

export interface SweepOptions {
  snapshot: string;
  approvals?: string;
  policy?: string;
  format: string;
  out?: string;
  emit: string[];
  now?: string;
  failOn?: string;
  region: string;
  color: boolean;
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  clock(): Date;
}

async function loadPolicy(file: string | undefined): Promise<Policy> {
  if (!file) return parsePolicy({});
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--policy ${file}: ${(e as Error).message}`);
  }
  try {
    return parsePolicy(raw);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

function parseNow(value: string | undefined, io: Io): string {
  if (value === undefined) return io.clock().toISOString();
  const ms = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--now: not an ISO 8601 instant: "${value}"`);
  return new Date(ms).toISOString();
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const s = value.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`--fail-on: unknown severity "${value}" (one of ${SEVERITIES.join(', ')})`);
  return s as Severity;
}

/** Findings that fail the run: not evidence of a match, not exempt, at or above the threshold. */
export function failing(result: ReconcileResult, threshold: Severity | undefined): number {
  if (!threshold) return 0;
  return result.findings.filter((f) => f.type !== 'RECONCILED' && !f.exempt && severityRank(f.severity) >= severityRank(threshold)).length;
}

/** Runs one sweep over exported snapshot files; returns the process exit code (0 clean, 1 failing findings). */
export async function runSweep(opts: SweepOptions, io: Io): Promise<number> {
  const primary: OutputTarget = { format: parseFormat(opts.format), ...(opts.out ? { file: opts.out } : {}) };
  const targets = [primary, ...opts.emit.map(parseEmit)];
  const now = parseNow(opts.now, io);
  const failOn = parseFailOn(opts.failOn);
  const policy = await loadPolicy(opts.policy);

  const started = performance.now();
  const snapshot = await loadSnapshotDir(opts.snapshot);
  const approvals = [...snapshot.approvals, ...(opts.approvals ? await loadApprovalsFile(opts.approvals) : [])];
  for (const w of snapshot.warnings) io.stderr(`tally: warning: ${w}\n`);
  io.stderr(`tally: read ${snapshot.files.length} export file(s) and ${approvals.length} approval(s) from ${opts.snapshot}\n`);

  const result = reconcile(snapshot.inventory, approvals, policy, now);
  io.stderr(`tally: reconciled ${result.summary.principals} principal(s), ${result.summary.secrets} secret(s) in ${Math.round(performance.now() - started)} ms\n`);

  const ctx = { region: opts.region, color: opts.color };
  for (const t of targets) {
    const text = render(t.format, result, ctx);
    if (t.file) {
      await writeOutput(t.file, text);
      io.stderr(`tally: wrote ${t.format} to ${t.file}\n`);
    } else {
      io.stdout(text);
    }
  }
  const failed = failing(result, failOn);
  if (failed) io.stderr(`tally: ${failed} finding(s) at or above ${failOn}\n`);
  return failed ? 1 : 0;
}
