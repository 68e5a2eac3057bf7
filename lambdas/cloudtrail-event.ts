import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { CreatorWriter } from '../lib/actions/creator-writer';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { ConfigError } from '../lib/config/env';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { CreatorRecorder } from '../lib/events/creator-recorder';
import { accountOfFunctionArn } from '../lib/events/event-scope';
import { handleCloudTrailEvent, type TargetEvent } from '../lib/events/serve-event';
import { cacheSuccess } from '../lib/lambda-support/cache-success';
import { lambdaClients } from '../lib/lambda-support/clients';
import { observed } from '../lib/lambda-support/observability';
import { lazySecurityHub } from '../lib/lambda-support/security-hub-sink';
import { EventBridgeSink } from '../lib/sinks/eventbridge';
import { runPrincipalSweep } from '../lib/sweep/principal-sweep';

const config = readLambdaConfig();
if (!config.idempotencyTable) throw new ConfigError('TALLY_IDEMPOTENCY_TABLE', 'required');
const clients = lambdaClients(config);
const store = new ApprovalStore(clients.dynamo, config.approvalsTable);
const securityHub = lazySecurityHub(config, clients);
const events = config.eventBus ? new EventBridgeSink({ client: clients.events, eventBusName: config.eventBus }) : undefined;
const creators = new CreatorRecorder(new CreatorWriter(clients.dynamo, config.auditTable));
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable, awsSdkV3Client: clients.dynamoDb });
/** Only when the invocation carries no function ARN (it always does in Lambda). */
const callerAccount = cacheSuccess(async () => {
  const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!Account) throw new Error('GetCallerIdentity returned no Account');
  return Account;
});

/** Reads the event's target in its region (a secret lives in one) and reconciles just that; the event's account is the function's (scopeToAccount). */
async function sweep(event: TargetEvent) {
  const hub = await securityHub(event.account);
  return runPrincipalSweep({
    clients: { ...clients, secrets: clients.secretsIn(event.region) },
    ref: event.target, ...(event.scope ? { scope: event.scope } : {}), approvals: store, policy: config.policy, now: new Date(), via: { path: 'event', eventId: event.eventId, eventName: event.eventName, eventTime: event.eventTime, ...(event.actor ? { actor: event.actor } : {}) },
    ...(hub ? { securityHub: hub } : {}), ...(events ? { events } : {}),
  });
}

/**
 * One CloudTrail event (IAM or Secrets Manager) of this function's account: read the one principal
 * or secret it touched and reconcile just that. Skips are logged and counted; a target not visible
 * yet throws (Lambda re-delivers); delivery may repeat, so the eventID makes it idempotent.
 */
async function onEvent(event: EventBridgeEvent<string, unknown>, context: Context) {
  return handleCloudTrailEvent(event, async () => ({
    account: accountOfFunctionArn(context.invokedFunctionArn) ?? (await callerAccount()),
    now: new Date(),
    sweep,
    rememberCreator: (seen) => creators.record(seen),
    ...(events ? { publish: (e: Parameters<EventBridgeSink['publish']>[0]) => events.publish(e) } : {}),
  }));
}

export const handler = observed(onEvent).use(
  makeHandlerIdempotent({ persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.eventID', throwOnNoIdempotencyKey: false }) }),
);
