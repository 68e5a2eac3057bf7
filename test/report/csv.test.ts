import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../../lib/report/csv';
import { sampleFindings, sampleResult } from '../sinks/sample-findings';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;
const parseCsv = (s: string): Row[] => parse(s, { columns: true }) as Row[];

describe('renderCsv', () => {
  it('parses back with the documented columns and one row per finding when rendered', () => {
    const result = sampleResult();
    const out = renderCsv(result);
    expect(out.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    const rows = parseCsv(out);
    expect(rows).toHaveLength(result.findings.length);
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    const stale = rows.find((r) => r.type === 'STALE_ACCESS_KEY')!;
    expect(stale).toMatchObject({ severity: 'MEDIUM', resource_type: 'AwsIamAccessKey', resource: 'arn:aws:iam::123456789012:user/service/svc-billing-export/access-key/AKIAIOSFODNN7EXAMPLE', control: 'IAM.3', privileged: 'false', exempt: 'false', ticket_id: '' });
    expect(rows.find((r) => r.type === 'RECONCILED')!.ticket_id).toBe('CHG-1042');
    expect(rows.find((r) => r.type === 'UNUSED_ACCESS_KEY')!.exempt).toBe('true');
  });

  it('escapes commas, quotes and newlines when the summary holds them', () => {
    const summary = 'says "hello", then\nleaves';
    const out = renderCsv(sampleResult([{ ...sampleFindings()[0]!, summary }]));
    expect(out).toContain('"says ""hello"", then\nleaves"');
    expect(parseCsv(out)[0]!.summary).toBe(summary);
  });

  it('neutralises spreadsheet formulas when a cell starts with =, +, - or @', () => {
    const out = renderCsv(sampleResult([{ ...sampleFindings()[0]!, summary: '=HYPERLINK("http://evil")' }]));
    expect(parseCsv(out)[0]!.summary).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('prints only the header when there are no findings', () => {
    expect(renderCsv(sampleResult([]))).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });
});
