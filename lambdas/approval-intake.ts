import type { Context } from 'aws-lambda';
import { readLambdaConfig } from '../lib/config/lambda-config';
import { applyIntake } from '../lib/intake/apply-intake';
import { busIntakeRequest } from '../lib/intake/bus-event';
import { IntakeStore } from '../lib/intake/intake-store';
import { recordIntake } from '../lib/intake/record-intake';
import { lambdaClients } from '../lib/lambda-support/clients';
import { observed } from '../lib/lambda-support/observability';
import { EventBridgeSink } from '../lib/sinks/eventbridge';

const config = readLambdaConfig();
const clients = lambdaClients(config);
const store = new IntakeStore(clients.dynamo, config.approvalsTable);
const events = config.eventBus ? new EventBridgeSink({ client: clients.events, eventBusName: config.eventBus }) : undefined;

/**
 * One "Tally Approval Granted/Amended/Revoked/Recertified" event from the Tally bus, applied to the
 * approvals table (docs/events.md, "Approvals in"). A refused change is announced and returns; an
 * unreadable event or a failed write throws, so EventBridge retries it and then dead-letters it.
 */
async function onEvent(event: unknown, _context: Context) {
  const request = busIntakeRequest(event);
  const result = await applyIntake({ store, ...(events ? { events } : {}), now: () => new Date() }, request);
  recordIntake(request, result);
  return { status: result.status };
}

export const handler = observed(onEvent);
