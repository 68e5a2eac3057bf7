import type { ReconcileResult } from '../core/result';

/** One finding per line as compact JSON (JSON Lines), each line ending in a newline; nothing else. */
export function renderJsonl(result: ReconcileResult): string {
  return result.findings.map((f) => `${JSON.stringify(f)}\n`).join('');
}
