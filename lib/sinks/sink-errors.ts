import { describeError } from '../errors/describe-error';
import { TallyError } from '../errors/tally-error';

/**
 * Errors of the sinks layer. Each names the operation and carries its context; the SDK or DynamoDB
 * error that caused it is the `cause`. Handlers pick retry vs dead-letter by class:
 * {@link ForeignAccountError} is a wiring fault (never retry), the others are worth a retry.
 */

/** Base of every sink error. */
export class SinkError extends TallyError {
  override readonly name: string = 'SinkError';
}

/**
 * A finding of another account than the one the Security Hub client acts in. BatchImportFindings with
 * the default product ARN must be called from the finding's own account; Tally refuses before any call.
 */
export class ForeignAccountError extends SinkError {
  override readonly name = 'ForeignAccountError';
  constructor(
    readonly findingId: string,
    readonly expectedAccountId: string,
    readonly actualAccountId: string,
  ) {
    super(
      `finding ${findingId} belongs to account ${actualAccountId}, but the Security Hub client acts in ${expectedAccountId}: import it from its own account`,
      { findingId, expectedAccountId, actualAccountId },
    );
  }
}

/** A BatchImportFindings call failed as a whole (after the SDK's own retries). */
export class SecurityHubImportError extends SinkError {
  override readonly name = 'SecurityHubImportError';
  constructor(
    readonly accountId: string,
    readonly batchIndex: number,
    /** Finding ids not imported in this sync (the failed batch and every later one). */
    readonly notImported: string[],
    options: { cause: unknown },
  ) {
    const reason = describeError(options.cause);
    super(
      `BatchImportFindings failed in account ${accountId} at batch ${batchIndex} (${notImported.length} findings not imported): ${reason}`,
      { accountId, batchIndex, notImported: notImported.length },
      options,
    );
  }
}

/** A read or write of the findings ledger failed, or an item in it is malformed. */
export class LedgerError extends SinkError {
  override readonly name = 'LedgerError';
  constructor(
    readonly operation: 'load' | 'get' | 'commit' | 'parse',
    readonly tableName: string,
    detail: string,
    options: { cause: unknown; findingId?: string; accountId?: string },
  ) {
    const { cause, ...context } = options;
    super(`findings ledger ${tableName}: ${operation} failed: ${detail}`, { operation, tableName, ...context }, { cause });
  }
}
