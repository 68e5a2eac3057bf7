import type { ReconcileResult } from '../core/result';
import type { AsffContext } from '../sinks/asff';
import { renderAsff } from './asff';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJsonl } from './jsonl';
import { renderOcsf, type OcsfContext } from './ocsf';
import { renderTable, type TableOptions } from './table';

export const REPORT_FORMATS = ['table', 'json', 'jsonl', 'asff', 'ocsf', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** File name extension of each format, for `--out-dir`. */
export const FORMAT_EXTENSION: Record<ReportFormat, string> = {
  table: 'txt',
  json: 'json',
  jsonl: 'jsonl',
  asff: 'asff.json',
  ocsf: 'ocsf.json',
  csv: 'csv',
  html: 'html',
};

/** What the renderers need besides the result: the ASFF/OCSF target, and how the table is laid out. */
export type RenderContext = OcsfContext & TableOptions;

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** The result in one format, as the text to print or write. */
export function render(format: ReportFormat, result: ReconcileResult, ctx: RenderContext): string {
  switch (format) {
    case 'table':
      return renderTable(result, { color: ctx.color ?? false, ...(ctx.width ? { width: ctx.width } : {}), showReconciled: ctx.showReconciled ?? false });
    case 'json':
      return renderJson(result);
    case 'jsonl':
      return renderJsonl(result);
    case 'csv':
      return renderCsv(result);
    case 'asff':
      return renderAsff(result, ctx);
    case 'ocsf':
      return renderOcsf(result, ctx);
    case 'html':
      return renderHtml(result);
  }
}

export { renderAsff, renderCsv, renderHtml, renderJson, renderJsonl, renderOcsf, renderTable };
export type { AsffContext, OcsfContext, TableOptions };
