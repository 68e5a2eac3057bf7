import { parse } from 'csv-parse/sync';
import type { CsvRow } from './csv-records';
import { SnapshotError } from './snapshot-error';

export { firstLine, headerColumns, type CsvRow } from './csv-records';

/** Parses a CSV with a header row; a malformed CSV throws SnapshotError naming the line. */
export function readCsv(text: string, file: string): CsvRow[] {
  try {
    const records = parse(text, { columns: true, info: true, bom: true, skip_empty_lines: true, trim: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    return records.map((r) => ({ line: r.info.lines, values: r.record }));
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    throw new SnapshotError(
      { file, ...(typeof line === 'number' && { record: `row ${line}` }), reason: `not readable as CSV (${(err as Error).message})` },
      { cause: err },
    );
  }
}
