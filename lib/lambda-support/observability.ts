import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import type { ReconcileResult } from '../core/result';
import type { InvalidApproval } from '../sweep/invalid-approvals';
import type { SweepPhases } from '../sweep/phase-timer';
import { METRICS } from './metric-names';
import { olderSdkPackages, resolvedSdkVersion, TESTED_SDK, type OlderSdkPackage, type SdkVersions } from './runtime-sdk';

/** One logger, metrics and tracer per container (Powertools reads its own POWERTOOLS_* settings). */
export const logger = new Logger({ serviceName: 'tally' });
export const metrics = new Metrics({ namespace: 'Tally', serviceName: 'tally' });
export const tracer = new Tracer({ serviceName: 'tally' });

/**
 * Wraps a handler with tracing, structured logging with the Lambda context, metrics flushing, and,
 * on a container's first invocation, the runtime SDK check ({@link reportOlderSdk}).
 */
export function observed<E, R>(handler: (event: E, context: Context) => Promise<R>, testedSdk: SdkVersions | undefined = TESTED_SDK) {
  let checked = false;
  return middy(handler)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .before(() => {
      if (checked || !testedSdk) return;
      checked = true;
      reportOlderSdk(olderSdkPackages(testedSdk, resolvedSdkVersion));
    });
}

/**
 * The handler bundles leave `@aws-sdk/*` to the Lambda runtime, whose included version AWS does not
 * publish per runtime and Region: a runtime SDK older than the one the tests ran is a warning naming
 * each package, and the `RuntimeSdkOlderThanTested` metric (alarmed).
 */
export function reportOlderSdk(older: readonly OlderSdkPackage[]): void {
  if (!older.length) return;
  logger.warn('the Lambda runtime holds an older AWS SDK than the tests ran: pin it with a layer, or deploy a Tally built against it', { olderSdk: older });
  metrics.addMetric(METRICS.runtimeSdkOlder, MetricUnit.Count, older.length);
}

/** Findings by type, planned actions and AWS calls of one reconcile, as CloudWatch metrics. */
export function recordResult(result: ReconcileResult, calls: number): void {
  for (const [type, n] of Object.entries(result.summary.byType)) {
    const m = metrics.singleMetric();
    m.addDimension('findingType', type);
    m.addMetric('Findings', MetricUnit.Count, n);
  }
  metrics.addMetric('PlannedActions', MetricUnit.Count, result.actions.length);
  metrics.addMetric(METRICS.apiCalls, MetricUnit.Count, calls);
}

/** What a sweep cost: its AWS calls per operation (`operation` dimension) and each phase's milliseconds (`phase` dimension). */
export function recordRunCost(calls: Record<string, number>, phases: SweepPhases): void {
  for (const [operation, n] of Object.entries(calls)) {
    const m = metrics.singleMetric();
    m.addDimension('operation', operation);
    m.addMetric(METRICS.apiCalls, MetricUnit.Count, n);
  }
  for (const [key, ms] of Object.entries(phases)) {
    const m = metrics.singleMetric();
    m.addDimension('phase', key.replace(/Ms$/, ''));
    m.addMetric(METRICS.phaseDuration, MetricUnit.Milliseconds, ms);
  }
}

/**
 * Every unreadable approval as an error log line naming its key and field, and the `InvalidApprovals`
 * metric (alarmed): an approval that cannot be read is an authorization nobody can check.
 */
export function recordInvalidApprovals(invalid: readonly InvalidApproval[], context: Record<string, unknown> = {}): void {
  for (const bad of invalid) logger.error('invalid approval: its principal\'s findings are kept open until it is fixed', { ...context, ...bad });
  metrics.addMetric(METRICS.invalidApprovals, MetricUnit.Count, invalid.length);
}
