import type { Context } from 'aws-lambda';
import { ConfigError } from '../lib/config/env';
import { LAMBDA_ENV, readLambdaConfig } from '../lib/config/lambda-config';
import { IntakeStore } from '../lib/intake/intake-store';
import { recordIntake } from '../lib/intake/record-intake';
import { parseWebhookMapping } from '../lib/intake/webhook-mapping';
import { serveWebhook, type WebhookCall } from '../lib/intake/webhook-request';
import { webhookSecret } from '../lib/intake/webhook-secret';
import { lambdaClients } from '../lib/lambda-support/clients';
import { observed } from '../lib/lambda-support/observability';
import { EventBridgeSink } from '../lib/sinks/eventbridge';

const config = readLambdaConfig();
if (!config.webhookSecret) throw new ConfigError(LAMBDA_ENV.webhookSecret, 'required');
if (!config.webhookMapping) throw new ConfigError(LAMBDA_ENV.webhookMapping, 'required');
const clients = lambdaClients(config);
const deps = {
  store: new IntakeStore(clients.dynamo, config.approvalsTable),
  ...(config.eventBus ? { events: new EventBridgeSink({ client: clients.events, eventBusName: config.eventBus }) } : {}),
  secret: webhookSecret(clients.secrets, config.webhookSecret),
  mapping: parseWebhookMapping(JSON.parse(config.webhookMapping)),
  record: recordIntake,
  now: () => new Date(),
};

/**
 * The intake webhook behind a Lambda function URL (auth type NONE): a ticketing tool's signed
 * payload, mapped to an approval and applied like a bus event (docs/intake.md).
 */
export const handler = observed(async (call: WebhookCall, _context: Context) => serveWebhook(deps, call));
