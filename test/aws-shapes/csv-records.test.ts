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
// A report's fields hold no line break, and a quoted one is quoted from its first character.
const quoted = fc.stringMatching(/^[A-Za-z0-9 ,"]{0,10}$/).map((b) => `"${b.replaceAll('"', '""')}"`);
const field = fc.oneof(plain, quoted);

describe('readCsvRecords', () => {
  it('reads every header-and-rows CSV as csv-parse does when records are well formed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.record({
            header: fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,6}$/), { minLength: n, maxLength: n }),
            rows: fc.array(fc.array(field, { minLength: n, maxLength: n }), { maxLength: 5 }),
            eol: fc.constantFrom('\n', '\r\n'),
            blank: fc.array(fc.constant(''), { maxLength: 3 }),
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

  it('reads a credential report cut short as a record of the wrong length, naming its line', () => {
    const header = 'user,arn,user_creation_time,password_enabled';
    const text = `${header}\n<root_account>,arn:aws:iam::123456789012:root,2024-01-10T09:00:00+00:00,not_supported\nalice,arn:aws:iam::1234`;
    expect(() => readCsvRecords(text)).toThrow(new CsvSyntaxError(3, 'Invalid Record Length: columns length is 4, got 2'));
  });

  it('names the line of a record whose field count differs from the header', () => {
    expect(() => readCsvRecords('user,arn\nalice,arn:1\nbob\n')).toThrow(new CsvSyntaxError(3, 'Invalid Record Length: columns length is 2, got 1'));
  });
});
