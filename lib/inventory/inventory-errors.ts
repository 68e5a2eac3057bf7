import { describeError } from '../errors/describe-error';

/** A read of AWS state failed (throttled past retries, denied, unreachable): never read as "absent". */
export class InventoryReadError extends Error {
  override readonly name = 'InventoryReadError';
  constructor(
    readonly operation: string,
    readonly target: string,
    options: { cause: unknown },
  ) {
    const why = describeError(options.cause);
    super(`${operation} (${target}) failed: ${why}`, options);
  }
}
