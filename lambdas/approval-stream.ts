import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { parseArn } from '../lib/core/arn';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { approvalChange } from '../lib/lambda-support/approval-change';
import { lambdaClients } from '../lib/lambda-support/clients';
import { logger, observed } from '../lib/lambda-support/observability';
import { finishPrincipalSweep } from '../lib/lambda-support/principal-sweep-summary';
import { lazySecurityHub } from '../lib/lambda-support/security-hub-sink';
import { EventBridgeSink } from '../lib/sinks/eventbridge';
import { runPrincipalSweep } from '../lib/sweep/principal-sweep';

const config = readLambdaConfig();
const clients = lambdaClients(config);
const store = new ApprovalStore(clients.dynamo, config.approvalsTable);
const securityHub = lazySecurityHub(config, clients);
const events = config.eventBus ? new EventBridgeSink({ client: clients.events, eventBusName: config.eventBus }) : undefined;
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** Verifies one created, provisioned or changed approval against AWS and writes the evidence back. */
async function verify(record: DynamoDBRecord): Promise<void> {
  const change = approvalChange(record, config.approvalsTable);
  if (!change) return;
  const { principal, entitlement } = change.stored.approval;
  const ref = entitlement.kind === 'secret' || parseArn(principal)?.service === 'secretsmanager' ? { secretId: principal } : { arn: principal };
  const hub = await securityHub();
  const report = await runPrincipalSweep({
    clients,
    ref,
    approvals: store,
    policy: config.policy,
    now: new Date(),
    via: { path: 'approval-stream', change: change.why },
    ...(hub ? { securityHub: hub } : {}),
    ...(events ? { events } : {}),
  });
  logger.info('approval verified', { approvalKey: change.stored.approvalKey, why: change.why, found: report.found, outcomes: report.result?.outcomes });
  finishPrincipalSweep(report, { approvalKey: change.stored.approvalKey });
}

/** DynamoDB stream of the approvals table; failed records are reported back for retry (partial batch response). */
export const handler = observed(async (event: DynamoDBStreamEvent, context: Context) => processPartialResponse(event, verify, processor, { context }));
