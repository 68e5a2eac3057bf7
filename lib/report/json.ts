import type { ReconcileResult } from '../core/result';

/** The result as pretty JSON, keys in the result's own order, with a trailing newline. */
export function renderJson(result: ReconcileResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
