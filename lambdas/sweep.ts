import type { Context, ScheduledEvent } from 'aws-lambda';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { CallCounter } from '../lib/aws/call-counter';
import { accountOfFunctionArn } from '../lib/events/event-scope';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { lambdaClients } from '../lib/lambda-support/clients';
import { observed } from '../lib/lambda-support/observability';
import { finishSweep } from '../lib/lambda-support/sweep-summary';
import { killSwitchClient, sweepSettings } from '../lib/lambda-support/sweep-settings';
import { runAccountSweep } from '../lib/sweep/account-sweep';
import { countedSweepClients, liveSweepInput } from '../lib/sweep/live-sweep';

const config = readLambdaConfig();
/** This function's account, the one it sweeps (no STS call for it). */
const accountOf = (context: Context) => {
  const accountId = accountOfFunctionArn(context.invokedFunctionArn);
  return accountId ? { accountId } : {};
};
const clients = lambdaClients(config);
const ssm = killSwitchClient(config);

/**
 * Scheduled full sweep of this account. The schedule event id is the run id: a retry is the same run.
 * Every AWS call of the invocation is counted, the approval store's too. Invoked with
 * `{"republish": true}` in the event, it publishes everything current, not only what changed.
 */
export const handler = observed(async (event: ScheduledEvent & { republish?: boolean }, context: Context) => {
  const calls = new CallCounter();
  const counted = countedSweepClients(clients, calls);
  const store = new ApprovalStore(counted.dynamo, config.approvalsTable);
  const settings = sweepSettings(config, { runId: event.id, now: new Date(event.time), approvals: { kind: 'store', store }, actor: context.invokedFunctionArn, calls, republish: event.republish === true, ...accountOf(context) }, ssm);
  const report = await runAccountSweep(await liveSweepInput(counted, settings));
  return finishSweep(report, { runId: event.id });
});
