import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCredentialReportCsv, parseCredentialReportJson } from '../../lib/aws-shapes/credential-report';
import { detectExport } from '../../lib/snapshot/detect-export';
import { attempt, expectNamed, fixtureJson, fixtureText, snapshotError } from './support';

/**
 * Malformed credential reports (the decoded CSV, and the base64 JSON of get-credential-report):
 * garbage cells, missing and extra columns, byte-order mark and CRLF line ends. A cell Tally reads
 * that holds garbage is refused naming the file, the row (with its user) and the column.
 */

const FILE = 'credential-report.csv';
const TEXT = fixtureText('cli-export/credential-report.csv').trimEnd();
const [HEADER_LINE, ...ROW_LINES] = TEXT.split('\n') as [string, ...string[]];
const HEADER = HEADER_LINE.split(',');
/** Data rows (the root row is the first), as cells; their file line is index + 2. */
const ROWS = ROW_LINES.map((l) => l.split(','));
const USER_ROWS = ROWS.map((cells, i) => ({ cells, i })).filter(({ cells }) => cells[0] !== '<root_account>');

const REQUIRED_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'mfa_active',
  ...[1, 2].flatMap((n) => ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'].map((c) => `access_key_${n}_${c}`)),
];
const ABSENT = new Set(['', 'N/A', 'no_information', 'not_supported']);

const csv = (header: string[], rows: string[][], eol = '\n'): string => [header, ...rows].map((r) => r.join(',')).join(eol) + eol;
const col = (name: string): number => HEADER.indexOf(name);
const cell = (row: string[], name: string): string => row[col(name)]!;

/** Columns whose cell a user row's parse reads, given which key slots the row holds. */
function readColumns(row: string[]): { bool: string[]; date: string[] } {
  const bool = ['password_enabled', 'mfa_active'];
  const date = ['user_creation_time', 'password_last_used'];
  for (const n of [1, 2]) {
    date.push(`access_key_${n}_last_rotated`);
    if (!ABSENT.has(cell(row, `access_key_${n}_last_rotated`))) {
      bool.push(`access_key_${n}_active`);
      date.push(`access_key_${n}_last_used_date`);
    }
  }
  return { bool, date };
}

const notBoolean = fc.oneof(fc.constantFrom('yes', 'no', '1', '0', 'T', 'F', 'truthy', 'enabled'), fc.stringMatching(/^[a-z]{2,8}$/))
  .filter((v) => !/^(true|false)$/i.test(v) && !ABSENT.has(v));
const notDate = fc.oneof(
  fc.constantFrom('yesterday', '2026-13-01T00:00:00+00:00', '2026-02-30T10:00:00+00:00', '2026-11-19', '19/11/2026 10:00', '2026-11-19T25:00:00Z', 'true'),
  fc.stringMatching(/^[a-z]{2,8}$/),
).filter((v) => !ABSENT.has(v));

describe('credential report CSV with garbage cells', () => {
  it('refuses a non-boolean or non-date in a column it reads, naming the file, the row and its user, and the column', () => {
    const arb = fc.record({ pick: fc.nat(), which: fc.nat(), kind: fc.constantFrom('bool' as const, 'date' as const), boolValue: notBoolean, dateValue: notDate });
    fc.assert(
      fc.property(arb, ({ pick, which, kind, boolValue, dateValue }) => {
        const { cells, i } = USER_ROWS[pick % USER_ROWS.length]!;
        const columns = readColumns(cells)[kind];
        const column = columns[which % columns.length]!;
        const value = kind === 'bool' ? boolValue : dateValue;
        const rows = ROWS.map((r) => [...r]);
        rows[i]![col(column)] = value;
        const error = snapshotError(() => parseCredentialReportCsv(csv(HEADER, rows), FILE));
        expectNamed(error, { file: FILE, record: `row ${i + 2} (${cells[0]})`, field: column });
        expect(error.reason).toContain(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a user row without its user, ARN or creation time, naming the column', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('arn', 'user_creation_time'), fc.constantFrom(...ABSENT), (pick, column, absent) => {
        const { cells, i } = USER_ROWS[pick % USER_ROWS.length]!;
        const rows = ROWS.map((r) => [...r]);
        rows[i]![col(column)] = absent;
        const error = snapshotError(() => parseCredentialReportCsv(csv(HEADER, rows), FILE));
        expectNamed(error, { file: FILE, record: `row ${i + 2} (${cells[0]})`, field: column });
        expect(error.reason).toBe('required');
      }),
    );
  });

  it('refuses a row with a cell too few or too many, naming the row', () => {
    fc.assert(
      fc.property(fc.nat(), fc.boolean(), (pick, drop) => {
        const i = pick % ROWS.length;
        const rows = ROWS.map((r) => [...r]);
        if (drop) rows[i]!.pop();
        else rows[i]!.push('extra');
        const error = snapshotError(() => parseCredentialReportCsv(csv(HEADER, rows), FILE));
        expectNamed(error, { file: FILE, record: `row ${i + 2}` });
        expect(error.reason).toMatch(/not readable as CSV/);
      }),
    );
  });
});

describe('credential report CSV layout', () => {
  const reference = parseCredentialReportCsv(TEXT, FILE);

  it('refuses a report missing any column it needs, naming every missing column', () => {
    fc.assert(
      fc.property(fc.subarray(REQUIRED_COLUMNS, { minLength: 1 }), (gone) => {
        const keep = HEADER.map((_, j) => j).filter((j) => !gone.includes(HEADER[j]!));
        const text = csv(keep.map((j) => HEADER[j]!), ROWS.map((r) => keep.map((j) => r[j]!)));
        const error = snapshotError(() => parseCredentialReportCsv(text, FILE));
        expectNamed(error, { file: FILE, record: 'header' });
        for (const c of gone) expect(error.reason).toContain(c);
      }),
    );
  });

  it('reads the same report whatever extra columns, column order, byte-order mark or line ends it has', () => {
    const extra = fc.uniqueArray(fc.stringMatching(/^x_[a-z]{1,8}$/), { maxLength: 3 });
    fc.assert(
      fc.property(extra, fc.array(fc.stringMatching(/^[A-Za-z0-9 ]{0,6}$/), { minLength: 3, maxLength: 3 }), fc.nat(), fc.boolean(), fc.boolean(), (names, values, seed, bom, crlf) => {
        const header = [...HEADER, ...names];
        const rows = ROWS.map((r) => [...r, ...names.map((_, k) => values[k]!)]);
        // A rotation of the columns (the same one for every line): column order does not matter.
        const shift = seed % header.length;
        const rotate = <T,>(xs: T[]): T[] => [...xs.slice(shift), ...xs.slice(0, shift)];
        let text = csv(rotate(header), rows.map(rotate), crlf ? '\r\n' : '\n');
        if (bom) text = `\uFEFF${text}`;
        const r = attempt(() => parseCredentialReportCsv(text, FILE));
        // Only a layout that starts with the usual first columns is recognised as a report in a snapshot folder.
        if (shift === 0) expect(detectExport(text, 'report.txt')?.kind).toBe('credential-report');
        expect(r).toEqual({ ok: true, value: reference });
      }),
      { numRuns: 200 },
    );
  });
});

describe('get-credential-report JSON with a broken Content', () => {
  const json = fixtureJson('sdk-pages/creds.json');

  it('refuses Content that is not a base64 credential report, or a report with a garbage cell, naming the file and where', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.constant(Buffer.from('a,b\n1,2\n').toString('base64'))), (content) => {
        const r = attempt(() => parseCredentialReportJson({ ...json, Content: content }, 'creds.json'));
        if (r.ok) return; // a base64 string that decodes to a credential report: possible, but not with these generators
        expectNamed(r.error, { file: 'creds.json' });
        expect(r.error.field === 'Content' || r.error.record !== undefined).toBe(true);
      }),
      { numRuns: 200 },
    );
    const decoded = Buffer.from(json.Content as string, 'base64').toString('utf8');
    const broken = decoded.replace(/^(Alice,[^,]*,[^,]*,)[^,]*/m, '$1maybe');
    const error = snapshotError(() => parseCredentialReportJson({ ...json, Content: Buffer.from(broken).toString('base64') }, 'creds.json'));
    const line = decoded.split('\n').findIndex((l) => l.startsWith('Alice,')) + 1;
    expectNamed(error, { file: 'creds.json', record: `row ${line} (Alice)`, field: 'password_enabled' });
  });
});
