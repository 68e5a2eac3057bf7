import type { Context, ScheduledEvent } from 'aws-lambda';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { lambdaClients } from '../lib/lambda/clients';
import { DeliveryIncompleteError } from '../lib/lambda/delivery-error';
import { logger, observed, recordResult } from '../lib/lambda/observability';
import { sweepSettings } from '../lib/lambda/sweep-settings';
import { runAccountSweep } from '../lib/sweep/account-sweep';
import { liveSweepInput } from '../lib/sweep/live-sweep';

const config = readLambdaConfig();
const clients = lambdaClients(config);
const store = new ApprovalStore(clients.dynamo, config.approvalsTable);

/** Scheduled full sweep of this account. The schedule event id is the run id: a retry is the same run. */
export const handler = observed(async (event: ScheduledEvent, context: Context) => {
  const settings = sweepSettings(config, { runId: event.id, now: new Date(event.time), approvals: { kind: 'store', store }, actor: context.invokedFunctionArn });
  const report = await runAccountSweep(await liveSweepInput(clients, settings));
  recordResult(report.result, report.totalCalls);
  for (const w of report.warnings) logger.warn(w);

  const undelivered = {
    securityHub: report.securityHub?.failed.length ?? 0,
    events: report.events?.failed.length ?? 0,
    evidence: report.evidence?.failed.length ?? 0,
    keyActions: report.keyExpiry?.outcomes.filter((o) => o.decision === 'failed').length ?? 0,
  };
  const summary = {
    runId: event.id,
    findings: report.result.summary.byType,
    incomplete: report.result.incomplete,
    calls: report.totalCalls,
    deactivated: report.keyExpiry?.deactivated ?? 0,
    undelivered,
  };
  logger.info('sweep finished', summary);
  if (Object.values(undelivered).some((n) => n > 0)) throw new DeliveryIncompleteError(undelivered);
  return summary;
});
