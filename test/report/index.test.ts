import { describe, expect, it } from 'vitest';
import { isReportFormat, render, REPORT_FORMATS } from '../../lib/report';
import { renderAsff } from '../../lib/report/asff';
import { renderCsv } from '../../lib/report/csv';
import { renderJson } from '../../lib/report/json';
import { renderTable } from '../../lib/report/table';
import { sampleResult } from '../sinks/sample-findings';

describe('render', () => {
  const result = sampleResult();
  const ctx = { region: 'eu-west-1' };

  it('returns the output of the matching renderer when given each format', () => {
    expect(render('table', result, ctx)).toBe(renderTable(result));
    expect(render('table', result, { ...ctx, color: true })).toBe(renderTable(result, { color: true }));
    expect(render('json', result, ctx)).toBe(renderJson(result));
    expect(render('csv', result, ctx)).toBe(renderCsv(result));
    expect(render('asff', result, ctx)).toBe(renderAsff(result, ctx));
  });

  it('recognises a format when it is one of the seven', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'jsonl', 'asff', 'ocsf', 'csv', 'html']);
    expect(REPORT_FORMATS.every(isReportFormat)).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
  });
});
