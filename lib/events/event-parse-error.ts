import type { z } from 'zod';

/**
 * A CloudTrail-on-EventBridge event that cannot be read: a broken envelope, a missing
 * `detail.eventID`, a field of the wrong type, or a supported event without its target.
 * `field` is the dotted path from the envelope (`detail.requestParameters.userName`).
 */
export class EventParseError extends Error {
  override readonly name = 'EventParseError';
  /** Dotted path of the offending field, from the envelope; `event` for the event itself. */
  readonly field: string;
  /** `detail.eventID` when it could be read, for logs and idempotency records. */
  readonly eventId: string | undefined;

  constructor(field: string, problem: string, options: { cause?: unknown; eventId?: string } = {}) {
    super(`${field}: ${problem}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = field;
    this.eventId = options.eventId;
  }

  /** The first issue of a failed zod parse, its path appended to `prefix`. */
  static fromZod(error: z.ZodError, prefix?: string, eventId?: string): EventParseError {
    const issue = error.issues[0];
    const path = [...(prefix === undefined ? [] : [prefix]), ...(issue?.path ?? []).map(String)];
    const field = path.length === 0 ? 'event' : path.join('.');
    return new EventParseError(field, issue?.message ?? 'invalid', { cause: error, eventId });
  }
}
