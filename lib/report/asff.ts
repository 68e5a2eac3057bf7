import type { ReconcileResult } from '../core/result';
import { assertValidAsff } from '../sinks/asff-schema';
import { toAsffBatch, type AsffContext } from '../sinks/asff';

/**
 * Every finding as ASFF, RECONCILED included (Compliance PASSED, INFORMATIONAL), as a pretty JSON
 * array with a trailing newline. Throws AsffValidationError on the first finding that breaks the
 * schema rather than writing a file BatchImportFindings would partly reject.
 */
export function renderAsff(result: ReconcileResult, ctx: AsffContext): string {
  const findings = toAsffBatch(result.findings, ctx);
  for (const f of findings) assertValidAsff(f);
  return `${JSON.stringify(findings, null, 2)}\n`;
}
