import { describeError } from '../errors/describe-error';

/** A read of AWS state failed (throttled past retries, denied, unreachable): never read as "absent". */
export class InventoryReadError extends Error {
  override readonly name: string = 'InventoryReadError';
  constructor(
    readonly operation: string,
    readonly target: string,
    options: { cause: unknown },
  ) {
    const why = describeError(options.cause);
    super(`${operation} (${target}) failed: ${why}`, options);
  }
}

/**
 * A part of the account a sweep cannot do without (IAM) could not be read: the sweep stops. The
 * message is one line naming the part, the call and its cause, e.g.
 * `cannot read IAM: GetAccountAuthorizationDetails page 1: AccessDenied: User ... is not authorized ...`.
 */
export class UnreadPartError extends InventoryReadError {
  override readonly name: string = 'UnreadPartError';
  constructor(
    readonly part: string,
    read: InventoryReadError,
  ) {
    super(read.operation, read.target, { cause: read.cause });
    this.message = `cannot read ${part}: ${read.operation} ${read.target}: ${describeError(read.cause)}`;
  }
}
