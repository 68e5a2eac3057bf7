import { parseArn } from '../core/arn';
import type { ParsedEvent } from './cloudtrail-event';

/** The account id in a Lambda function ARN (`context.invokedFunctionArn`), if it is one. */
export function accountOfFunctionArn(arn: string | undefined): string | undefined {
  const parsed = arn === undefined ? undefined : parseArn(arn);
  return parsed?.service === 'lambda' && /^\d{12}$/.test(parsed.accountId) ? parsed.accountId : undefined;
}

/**
 * Keeps an event only when it is about `account`: the envelope's account (the parser has already
 * matched it to `detail.recipientAccountId`) and the account of every ARN the event names for its
 * target. Anything else becomes a `foreign-account` skip: names are looked up in the function's
 * own account, so another account's `alice` would be reconciled as the local `alice`.
 */
export function scopeToAccount(event: ParsedEvent, account: string): ParsedEvent {
  if (event.kind !== 'target') return event;
  const skip = (detail: string): ParsedEvent => ({ kind: 'skip', eventId: event.eventId, eventName: event.eventName, reason: 'foreign-account', detail });
  if (event.account !== account) return skip(`event of account ${event.account}; this function serves ${account}`);
  for (const id of [event.target.arn, event.target.secretId, event.principalArn]) {
    const owner = id === undefined ? undefined : parseArn(id)?.accountId;
    if (owner !== undefined && owner !== account) return skip(`${id} is in account ${owner}; this function serves ${account}`);
  }
  return event;
}
