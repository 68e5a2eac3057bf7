import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsvRecords } from '../../lib/aws-shapes/csv-records';

/** What lib/aws-shapes/csv.ts reads with csv-parse: the reference. */
function csvParse(text: string): { line: number; values: Record<string, string> }[] {
  const records = parse(text, { columns: true, info: true, bom: true, skip_empty_lines: true, trim: true }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map((r) => ({ line: r.info.lines, values: r.record }));
}

const outcome = (read: () => unknown) => {
  try {
    return { ok: read() };
  } catch {
    return { threw: true };
  }
};

const plain = fc.stringMatching(/^[A-Za-z0-9:+=.@_\/-]{0,12}$/);
const spaced = fc.tuple(fc.constantFrom('', ' ', '\t', '  '), plain, fc.constantFrom('', ' ', '\t')).map(([a, b, c]) => a + b + c);
const quoted = fc.tuple(fc.constantFrom('', ' '), fc.stringMatching(/^[A-Za-z0-9 ,"\r\n]{0,10}$/), fc.constantFrom('', ' ')).map(([a, b, c]) => `${a}"${b.replaceAll('"', '""')}"${c}`);
const field = fc.oneof(plain, spaced, quoted);

describe('readCsvRecords', () => {
  it('reads every header-and-rows CSV as csv-parse does when records are well formed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.record({
            header: fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,6}$/), { minLength: n, maxLength: n }),
            rows: fc.array(fc.array(field, { minLength: n, maxLength: n }), { maxLength: 5 }),
            eol: fc.constantFrom('\n', '\r\n'),
            blank: fc.array(fc.constantFrom('', ' ', '\t'), { maxLength: 3 }),
            bom: fc.boolean(),
            trailing: fc.boolean(),
          }),
        ),
        ({ header, rows, eol, blank, bom, trailing }) => {
          const lines = [header.join(','), ...blank, ...rows.map((r) => r.join(','))];
          const text = `${bom ? '\uFEFF' : ''}${lines.join(eol)}${trailing ? eol : ''}`;
          expect(outcome(() => readCsvRecords(text))).toEqual(outcome(() => csvParse(text)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses what csv-parse refuses, and reads the same values, when a text is any mix of fields, quotes and line ends', () => {
    const values = (read: () => { values: unknown }[]) => () => read().map((r) => r.values);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-c,"\n \r]{0,24}$/), (body) => {
        const text = `a,b\n${body}`;
        expect(outcome(values(() => readCsvRecords(text)))).toEqual(outcome(values(() => csvParse(text))));
      }),
      { numRuns: 1000 },
    );
  });

  it('names the line of a record whose field count differs from the header', () => {
    expect(() => readCsvRecords('user,arn\nalice,arn:1\nbob\n')).toThrow(new CsvSyntaxError(3, 'Invalid Record Length: columns length is 2, got 1'));
  });
});
