import type { Context } from 'aws-lambda';
import { CallCounter } from '../lib/aws/call-counter';
import { readMemberConfig } from '../lib/config/member-config';
import { lambdaClients } from '../lib/lambda-support/clients';
import { memberSweepClients, parseMemberEvent } from '../lib/lambda-support/member-sweep-setup';
import { logger, observed } from '../lib/lambda-support/observability';
import { finishSweep } from '../lib/lambda-support/sweep-summary';
import { killSwitchClient, sweepSettings } from '../lib/lambda-support/sweep-settings';
import { AccountApprovalStore } from '../lib/sweep/account-approvals';
import { runAccountSweep } from '../lib/sweep/account-sweep';
import { liveSweepInput } from '../lib/sweep/live-sweep';

const config = readMemberConfig();
const central = lambdaClients(config);
const ssm = killSwitchClient(config);

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
  const calls = new CallCounter();
  const clients = await memberSweepClients(config, central, item, partition, calls);
  const store = new AccountApprovalStore(clients.dynamo, config.approvalsTable, accountId);
  const run = { runId: `${item.runId}/${accountId}`, now: item.now ? new Date(item.now) : new Date(), approvals: { kind: 'store', store } as const };
  const report = await runAccountSweep(await liveSweepInput(clients, sweepSettings(config, { ...run, actor: context.invokedFunctionArn, calls, accountId }, ssm)));
  if (store.unplaced > 0) logger.warn('approvals naming a secret without its ARN are left out of member sweeps', { accountId, count: store.unplaced });
  return finishSweep(report, { accountId });
});
