import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReconcileResult } from '../core/result';
import { isReportFormat, render, REPORT_FORMATS, type RenderContext, type ReportFormat } from '../report';
import type { SweepReport } from '../sweep/account-sweep';
import { UsageError } from './usage-error';

export interface OutputTarget {
  format: ReportFormat;
  /** Absent: standard output. */
  file?: string;
}

export function parseFormat(value: string): ReportFormat {
  if (!isReportFormat(value)) throw new UsageError(`unknown format "${value}" (one of ${REPORT_FORMATS.join(', ')})`);
  return value;
}

/** `--emit json=out/findings.json` → a file target. */
export function parseEmit(value: string): OutputTarget {
  const eq = value.indexOf('=');
  if (eq < 1 || eq === value.length - 1) throw new UsageError(`--emit: expected FORMAT=FILE, got "${value}"`);
  return { format: parseFormat(value.slice(0, eq)), file: value.slice(eq + 1) };
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
