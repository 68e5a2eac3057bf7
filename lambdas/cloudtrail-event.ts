import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { ConfigError } from '../lib/config/env';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { EventParseError, parseCloudTrailEvent } from '../lib/events/cloudtrail-event';
import { lambdaClients } from '../lib/lambda/clients';
import { logger, metrics, observed, recordResult } from '../lib/lambda/observability';
import { lazySecurityHub } from '../lib/lambda/security-hub-sink';
import { EventBridgeSink } from '../lib/sinks/eventbridge';
import { runPrincipalSweep } from '../lib/sweep/principal-sweep';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = readLambdaConfig();
if (!config.idempotencyTable) throw new ConfigError('TALLY_IDEMPOTENCY_TABLE', 'required');
const clients = lambdaClients(config);
const store = new ApprovalStore(clients.dynamo, config.approvalsTable);
const securityHub = lazySecurityHub(config, clients);
const events = config.eventBus ? new EventBridgeSink({ client: clients.events, eventBusName: config.eventBus }) : undefined;
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable, awsSdkV3Client: clients.dynamoDb });

/**
 * One CloudTrail event (IAM or Secrets Manager): read the one principal or secret it touched and
 * reconcile just that. Failed calls, unsupported and malformed events are logged and skipped, never
 * thrown (a retry cannot fix them); delivery may repeat, so the eventID makes it idempotent.
 */
async function onEvent(event: EventBridgeEvent<string, unknown>, _context: Context) {
  let parsed;
  try {
    parsed = parseCloudTrailEvent(event);
  } catch (e) {
    if (!(e instanceof EventParseError)) throw e;
    logger.error('malformed event skipped', { field: e.field, error: e.message, id: event?.id });
    metrics.addMetric('MalformedEvents', MetricUnit.Count, 1);
    return { skipped: 'malformed' };
  }
  if (parsed.kind === 'skip') {
    logger.info('event skipped', { eventName: parsed.eventName, reason: parsed.reason, detail: parsed.detail });
    return { skipped: parsed.reason };
  }
  const hub = await securityHub();
  const report = await runPrincipalSweep({
    clients, ref: parsed.target, approvals: store, policy: config.policy, now: new Date(), method: `event:${parsed.eventName}`,
    ...(hub ? { securityHub: hub } : {}), ...(events ? { events } : {}),
  });
  if (report.result) recordResult(report.result, report.calls);
  const failed = (report.securityHub?.failed.length ?? 0) + (report.events?.failed.length ?? 0) + (report.evidence?.failed.length ?? 0);
  if (failed) throw new Error(`event ${parsed.eventId}: ${failed} result(s) not delivered`);
  return { eventId: parsed.eventId, principal: report.principalArn ?? null, findings: report.result?.summary.byType ?? {} };
}

export const handler = observed(onEvent).use(
  makeHandlerIdempotent({ persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.eventID', throwOnNoIdempotencyKey: false }) }),
);
