import type { SweepReport } from '../sweep/account-sweep';
import { DeliveryIncompleteError } from './delivery-error';
import { logger, recordInvalidApprovals, recordResult, recordRunCost } from './observability';

/**
 * Records metrics and warnings of a finished sweep, logs its summary, and throws
 * DeliveryIncompleteError when a result was not delivered, so Lambda (or the Map item) retries.
 */
export function finishSweep<T extends Record<string, unknown>>(report: SweepReport, context: T) {
  recordResult(report.result, report.totalCalls);
  recordRunCost(report.calls, report.phases);
  for (const w of report.warnings) logger.warn(w, context);
  recordInvalidApprovals(report.invalidApprovals, context);
  const undelivered = {
    securityHub: report.securityHub?.failed.length ?? 0,
    events: report.events?.failed.length ?? 0,
    evidence: report.evidence?.failed.length ?? 0,
    keyActions: report.keyExpiry?.outcomes.filter((o) => o.decision === 'failed').length ?? 0,
  };
  const summary = {
    ...context,
    findings: report.result.summary.byType,
    incomplete: report.result.incomplete,
    invalidApprovals: report.invalidApprovals.length,
    withheld: report.securityHub?.withheld.length ?? 0,
    calls: report.totalCalls,
    callsByOperation: report.calls,
    phases: report.phases,
    deactivated: report.keyExpiry?.deactivated ?? 0,
    undelivered,
  };
  logger.info('sweep finished', summary);
  if (Object.values(undelivered).some((n) => n > 0)) throw new DeliveryIncompleteError(undelivered);
  return summary;
}
