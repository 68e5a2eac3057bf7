import { severityRank, type Finding, type FindingType, type Severity } from '../core/finding';
import type { ReconcileResult } from '../core/result';

/** Which findings a report shows: at or above a severity, of some types. Empty: all. */
export interface FindingFilter {
  minSeverity?: Severity;
  types?: readonly FindingType[];
}

function keeps(filter: FindingFilter): (f: Finding) => boolean {
  const types = filter.types?.length ? new Set(filter.types) : undefined;
  const min = filter.minSeverity === undefined ? -1 : severityRank(filter.minSeverity);
  return (f) => severityRank(f.severity) >= min && (types === undefined || types.has(f.type));
}

/**
 * The result with only the findings `filter` keeps, and the finding counts of its summary
 * (`byType`, `bySeverity`) recounted from them. Approval outcomes, planned actions, exemptions and
 * the inventory counts are the whole run's, unfiltered: a filter narrows what is shown, not what
 * was evaluated.
 */
export function filterResult(result: ReconcileResult, filter: FindingFilter): ReconcileResult {
  if (filter.minSeverity === undefined && !filter.types?.length) return result;
  const findings = result.findings.filter(keeps(filter));
  const byType: ReconcileResult['summary']['byType'] = {};
  const bySeverity: ReconcileResult['summary']['bySeverity'] = {};
  for (const f of findings) {
    byType[f.type] = (byType[f.type] ?? 0) + 1;
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  }
  return { ...result, findings, summary: { ...result.summary, byType, bySeverity } };
}
