import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report';
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
