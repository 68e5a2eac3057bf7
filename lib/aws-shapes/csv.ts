import { parse } from 'csv-parse/sync';
import { SnapshotError } from './snapshot-error';

/** One CSV record with the file line it ends on (the header is line 1). */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** The first line of a text, without a byte-order mark: what CSV kinds are recognised by. */
export function firstLine(text: string): string {
  const body = text.replace(/^\uFEFF/, '');
  const end = body.search(/\r?\n/);
  return (end === -1 ? body : body.slice(0, end)).trim();
}

/** Splits a header line into trimmed column names (headers here never need quoting). */
export function headerColumns(text: string): string[] {
  return firstLine(text)
    .split(',')
    .map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

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
