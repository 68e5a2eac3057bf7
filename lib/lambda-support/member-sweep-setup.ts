import { z } from 'zod';
import { countCalls, type CallCounter } from '../aws/call-counter';
import type { MemberConfig } from '../config/member-config';
import { countedSweepClients, type LiveSweepClients } from '../sweep/live-sweep';
import { assumeRoleCredentials, memberClients } from '../sweep/member-credentials';
import type { LambdaClients } from './clients';
import { tracer } from './observability';

/** One item of the organization sweep's Map: the account, the execution's run id and start time. */
export interface MemberSweepEvent {
  accountId: string;
  runId: string;
  /** ISO instant every account of the run is evaluated at. @default - the invocation time */
  now?: string;
}

const eventSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  runId: z.string().min(1).max(256),
  now: z.iso.datetime({ offset: true }).optional(),
});

/** The Map item is not what the state machine sends; the message names the field. */
export class MemberEventError extends Error {
  override readonly name = 'MemberEventError';
}

export function parseMemberEvent(event: unknown): MemberSweepEvent {
  const parsed = eventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new MemberEventError(`member sweep event: ${issue.path.join('.') || '(event)'}: ${issue.message}`);
}

/**
 * The clients of one member account's sweep: IAM, Secrets Manager, Security Hub and STS with the
 * member role's credentials; DynamoDB (approvals, ledger, audit) and EventBridge stay the central
 * function's own. The role is assumed here, before anything is read, so a denied role fails the
 * account with a MemberAccessError instead of reading as an account whose every part is unreadable.
 * Every call of these clients, AssumeRole included, is recorded in `calls`.
 */
export async function memberSweepClients(
  config: MemberConfig,
  central: LambdaClients,
  event: MemberSweepEvent,
  partition: string,
  calls: CallCounter,
): Promise<LiveSweepClients> {
  const credentials = assumeRoleCredentials(countCalls(central.sts, calls), {
    accountId: event.accountId,
    roleName: config.memberRoleName,
    externalId: config.externalId,
    sessionName: `tally-${event.runId}`,
    partition,
  });
  await credentials();
  const settings = { ...(config.region ? { region: config.region } : {}), ...(config.endpoint ? { endpoint: config.endpoint } : {}) };
  const member = memberClients(settings, credentials, (client) => tracer.captureAWSv3Client(client));
  return countedSweepClients({ ...member, events: central.events, dynamo: central.dynamo }, calls);
}
