import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { describeBlocked, type BlockedActions } from '../actions/blocked';
import type { SweepReport } from '../sweep/account-sweep';
import { DeliveryIncompleteError } from './delivery-error';
import { METRICS } from './metric-names';
import { logger, metrics, recordInvalidApprovals, recordResult, recordRunCost } from './observability';

/**
 * The deactivations an enforce run was held back from: `BlockedActions` in total (alarmed; 0 when
 * none, so the alarm has data) and once per reason with a `reason` dimension, and a warning naming
 * why. A held-back run is not a failure to retry: the cap and the kill switch hold on a retry too.
 */
function recordBlocked(blocked: BlockedActions | undefined, context: Record<string, unknown>): void {
  metrics.addMetric(METRICS.blocked, MetricUnit.Count, blocked?.count ?? 0);
  if (!blocked?.count) return;
  for (const [reason, e] of Object.entries(blocked.byReason)) {
    const m = metrics.singleMetric();
    m.addDimension('reason', reason);
    m.addMetric(METRICS.blocked, MetricUnit.Count, e.count);
  }
  logger.warn(`key expiry held back: ${describeBlocked(blocked)}`, context);
}

/**
 * Records metrics and warnings of a finished sweep, logs its summary, and throws
 * DeliveryIncompleteError when a result was not delivered, so Lambda (or the Map item) retries.
 */
export function finishSweep<T extends Record<string, unknown>>(report: SweepReport, context: T) {
  recordResult(report.result, report.totalCalls);
  recordRunCost(report.calls, report.phases);
  for (const w of report.warnings) logger.warn(w, context);
  recordInvalidApprovals(report.invalidApprovals, context);
  const blocked = report.keyExpiry?.blocked;
  recordBlocked(blocked, context);
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
    closedByAction: report.closedByAction.length,
    blocked: {
      count: blocked?.count ?? 0,
      byReason: Object.fromEntries(Object.entries(blocked?.byReason ?? {}).map(([reason, e]) => [reason, e.count])),
      ...(blocked?.count ? { reasons: describeBlocked(blocked) } : {}),
    },
    undelivered,
  };
  logger.info('sweep finished', summary);
  if (Object.values(undelivered).some((n) => n > 0)) throw new DeliveryIncompleteError(undelivered);
  return summary;
}
