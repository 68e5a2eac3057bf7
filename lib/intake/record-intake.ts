import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../lambda-support/observability';
import { METRICS } from '../lambda-support/metric-names';
import type { IntakeRequest, IntakeResult } from './apply-intake';

/**
 * One log line per intake change, and the metrics: a rejection is a warning plus `IntakeRejected`
 * (alarmed), an out-of-order change an info line plus `IntakeOutOfOrder` (never an error).
 */
export function recordIntake(request: Pick<IntakeRequest, 'eventId' | 'via' | 'change'>, result: IntakeResult): void {
  const context = { eventId: request.eventId, via: request.via, change: request.change, ...result };
  if (result.status === 'rejected') {
    logger.warn('intake change rejected', context);
    metrics.addMetric(METRICS.intakeRejected, MetricUnit.Count, 1);
  } else if (result.status === 'stale') {
    logger.info('intake change older than the approval: ignored', context);
    metrics.addMetric(METRICS.intakeOutOfOrder, MetricUnit.Count, 1);
  } else logger.info(result.status === 'applied' ? 'intake change applied' : 'intake change replayed: already applied', context);
}
