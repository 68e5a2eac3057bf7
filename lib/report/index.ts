import type { ReconcileResult } from '../core/result';
import type { AsffContext } from '../sinks/asff';
import { renderAsff } from './asff';
import { renderCsv } from './csv';
import { renderJson } from './json';
import { renderTable, type TableOptions } from './table';

export const REPORT_FORMATS = ['table', 'json', 'asff', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What the renderers need besides the result: the ASFF target, and whether the table is coloured. */
export type RenderContext = AsffContext & TableOptions;

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** The result in one format, as the text to print or write. */
export function render(format: ReportFormat, result: ReconcileResult, ctx: RenderContext): string {
  switch (format) {
    case 'table':
      return renderTable(result, { color: ctx.color ?? false });
    case 'json':
      return renderJson(result);
    case 'csv':
      return renderCsv(result);
    case 'asff':
      return renderAsff(result, ctx);
  }
}

export { renderAsff, renderCsv, renderJson, renderTable };
export type { AsffContext, TableOptions };
