import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReconcileResult } from '../core/result';
import { FORMAT_EXTENSION, isReportFormat, render, REPORT_FORMATS, type RenderContext, type ReportFormat } from '../report';
import type { SweepReport } from '../sweep/account-sweep';
import { UsageError } from './usage-error';

export interface OutputTarget {
  format: ReportFormat;
  /** Absent: standard output, or with `outDir` a file named for the account and time there. */
  file?: string;
  outDir?: string;
}

export function parseFormat(value: string): ReportFormat {
  if (!isReportFormat(value)) throw new UsageError(`unknown format "${value}" (one of ${REPORT_FORMATS.join(', ')})`);
  return value;
}

/** `--emit json=out/findings.json` → a file target; `--emit json` → a file in `outDir` (required then). */
export function parseEmit(value: string, outDir?: string): OutputTarget {
  const eq = value.indexOf('=');
  if (eq === -1 && outDir !== undefined && value !== '') return { format: parseFormat(value), outDir };
  if (eq < 1 || eq === value.length - 1) throw new UsageError(`--emit: expected FORMAT=FILE${outDir === undefined ? ' (or FORMAT with --out-dir)' : ''}, got "${value}"`);
  return { format: parseFormat(value.slice(0, eq)), file: value.slice(eq + 1) };
}

/**
 * The file `--out-dir` writes a format to: `tally-<account>-<YYYYMMDDTHHMMSSZ>.<ext>`, the time being
 * the evaluation instant (`--now`, or the run's start), so one run's files share a name.
 */
export function outDirFile(dir: string, format: ReportFormat, accountId: string, evaluatedAt: string): string {
  const stamp = new Date(evaluatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const account = accountId.replace(/[^\w-]/g, '_');
  return join(dir, `tally-${account}-${stamp}.${FORMAT_EXTENSION[format]}`);
}

export async function writeOutput(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** What a live run cost, as its JSON output carries it. */
export type RunCost = Pick<SweepReport, 'calls' | 'totalCalls' | 'phases'>;

/**
 * The result in `format`. With `run` (a live run), JSON output also carries it as `run`, after the
 * result's own keys; every other output, and JSON without `run`, is exactly `render`'s.
 */
export function renderOutput(format: ReportFormat, result: ReconcileResult, ctx: RenderContext, run?: RunCost): string {
  if (format === 'json' && run) return `${JSON.stringify({ ...result, run }, null, 2)}\n`;
  return render(format, result, ctx);
}
