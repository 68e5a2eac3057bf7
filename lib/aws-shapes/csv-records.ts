import { csvParseRows } from 'd3-dsv';

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

/** Where and why a CSV text cannot be read as records. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly lines: number,
    reason: string,
  ) {
    super(`${reason} at line ${lines}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Reads a CSV with a header row as lib/aws-shapes/csv.ts reads it with csv-parse (`columns`, `bom`,
 * `skip_empty_lines`; IAM pads no field, so `trim` changes nothing), with d3-dsv's RFC 4180 parser: about 3 kB against csv-parse's
 * 28 kB in the sweep handlers' bundles. It is the credential report's reader; IAM generates that
 * report, one record per line, so a record's line is its row (the header is line 1). d3-dsv is
 * lenient about stray quotes; a record with another number of fields than the header (a report cut
 * short) throws {@link CsvSyntaxError} naming its line.
 */
export function readCsvRecords(input: string): CsvRow[] {
  const rows = csvParseRows(input.replace(/^\uFEFF/, ''), (fields, i) => (fields.length === 1 && fields[0] === '' ? null : { line: i + 1, fields }));
  const [header, ...records] = rows;
  if (!header) return [];
  return records.map(({ line, fields }) => {
    if (fields.length !== header.fields.length) throw new CsvSyntaxError(line, `Invalid Record Length: columns length is ${header.fields.length}, got ${fields.length}`);
    return { line, values: Object.fromEntries(header.fields.map((c, i) => [c, fields[i]!])) };
  });
}
