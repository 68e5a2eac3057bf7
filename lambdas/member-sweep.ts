import type { Context } from 'aws-lambda';
import { readMemberConfig } from '../lib/config/member-config';
import { lambdaClients } from '../lib/lambda/clients';
import { DeliveryIncompleteError } from '../lib/lambda/delivery-error';
import { memberSweepClients, parseMemberEvent } from '../lib/lambda/member-sweep-setup';
import { logger, observed, recordResult } from '../lib/lambda/observability';
import { sweepSettings } from '../lib/lambda/sweep-settings';
import { AccountApprovalStore } from '../lib/sweep/account-approvals';
import { runAccountSweep } from '../lib/sweep/account-sweep';
import { liveSweepInput } from '../lib/sweep/live-sweep';

const config = readMemberConfig();
const central = lambdaClients(config);

/**
 * One member account of the organization sweep (a Map item `{ accountId, runId, now? }`): assumes
 * the member read role, sweeps the account against the central approvals that name it, imports its
 * findings with its own role and records them centrally. Throws MemberEventError,
 * MemberAccessError or DeliveryIncompleteError so the Map reports the account as failed.
 */
export const handler = observed(async (event: unknown, context: Context) => {
  const item = parseMemberEvent(event);
  const { accountId } = item;
  const partition = context.invokedFunctionArn.split(':')[1] || 'aws';
  const clients = await memberSweepClients(config, central, item, partition);
  const store = new AccountApprovalStore(central.dynamo, config.approvalsTable, accountId);
  const run = { runId: `${item.runId}/${accountId}`, now: item.now ? new Date(item.now) : new Date(), approvals: { kind: 'store', store } as const };
  const report = await runAccountSweep(await liveSweepInput(clients, sweepSettings(config, { ...run, actor: context.invokedFunctionArn })));
  recordResult(report.result, report.totalCalls);
  for (const w of report.warnings) logger.warn(w, { accountId });
  if (store.unplaced > 0) logger.warn('approvals naming a secret without its ARN are left out of member sweeps', { accountId, count: store.unplaced });

  const undelivered = {
    securityHub: report.securityHub?.failed.length ?? 0,
    events: report.events?.failed.length ?? 0,
    evidence: report.evidence?.failed.length ?? 0,
    keyActions: report.keyExpiry?.outcomes.filter((o) => o.decision === 'failed').length ?? 0,
  };
  const summary = {
    accountId,
    findings: report.result.summary.byType,
    incomplete: report.result.incomplete,
    calls: report.totalCalls,
    deactivated: report.keyExpiry?.deactivated ?? 0,
    undelivered,
  };
  logger.info('member sweep finished', summary);
  if (Object.values(undelivered).some((n) => n > 0)) throw new DeliveryIncompleteError(undelivered);
  return summary;
});
