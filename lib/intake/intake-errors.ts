import { TallyError } from '../errors/tally-error';

/**
 * An intake event that cannot be read at all (no detail object, not one of the intake
 * detail-types): nothing names a field or a ticket to answer, so the bus handler throws it and the
 * rule target's dead-letter queue keeps the event for a person.
 */
export class UnreadableIntakeError extends TallyError {
  override readonly name = 'UnreadableIntakeError';
  constructor(reason: string, context: { eventId?: string; detailType?: string }) {
    super(`intake event${context.eventId ? ` ${context.eventId}` : ''} cannot be read: ${reason}`, context);
  }
}

/** "Tally Approval Rejected" could not be published: the change is not applied and the event goes again. */
export class RejectionNotSentError extends TallyError {
  override readonly name = 'RejectionNotSentError';
}
