import { describeError } from '../errors/describe-error';
import { TallyError } from '../errors/tally-error';

/**
 * Errors of the actions layer. Each carries its context; the SDK or DynamoDB error is the `cause`.
 * A handler treats {@link AuditWriteError} as retryable (the run stopped before acting without a
 * record) and {@link ActionConfigError} as a wiring fault (never retry).
 */

/** Base of every action error. */
export class ActionError extends TallyError {
  override readonly name: string = 'ActionError';
}

/**
 * The audit log could not be written. Fails closed: no IAM write happens without its audit record,
 * so the run stops at the first audit failure.
 */
export class AuditWriteError extends ActionError {
  override readonly name = 'AuditWriteError';
  constructor(
    readonly tableName: string,
    readonly runId: string,
    readonly findingId: string,
    options: { cause: unknown },
  ) {
    const reason = describeError(options.cause);
    super(`audit log ${tableName}: cannot record ${findingId} of run ${runId}: ${reason}`, { tableName, runId, findingId }, options);
  }
}

/** The audit log could not be read back; the run stops before acting (it cannot tell what it did before). */
export class AuditReadError extends ActionError {
  override readonly name = 'AuditReadError';
  constructor(
    readonly tableName: string,
    readonly runId: string,
    options: { cause: unknown },
  ) {
    const reason = describeError(options.cause);
    super(`audit log ${tableName}: cannot read run ${runId}: ${reason}`, { tableName, runId }, options);
  }
}

/** Options that make a run unsafe or meaningless (negative cap, empty run id, …); nothing was read or written. */
export class ActionConfigError extends ActionError {
  override readonly name = 'ActionConfigError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`key expiry: ${field}: ${reason}`, { field });
  }
}

/** A one-line description of any thrown value, for audit reasons. */
