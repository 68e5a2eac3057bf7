import type { PrincipalSweepReport } from '../sweep/principal-sweep';
import { DeliveryIncompleteError } from './delivery-error';
import { recordInvalidApprovals, recordResult } from './observability';

/**
 * Metrics and logs of one event-path check (CloudTrail event or approval change); throws
 * DeliveryIncompleteError when a result was not delivered, so the event is retried.
 */
export function finishPrincipalSweep(report: PrincipalSweepReport, context: Record<string, unknown>): void {
  if (report.result) recordResult(report.result, report.calls);
  recordInvalidApprovals(report.invalidApprovals, { ...context, principal: report.principalArn });
  const undelivered = {
    securityHub: report.securityHub?.failed.length ?? 0,
    events: report.events?.failed.length ?? 0,
    evidence: report.evidence?.failed.length ?? 0,
  };
  if (Object.values(undelivered).some((n) => n > 0)) throw new DeliveryIncompleteError(undelivered);
}
