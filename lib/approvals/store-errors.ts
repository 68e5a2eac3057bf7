/** Where an approval store operation failed. */
export interface StoreErrorContext {
  table: string;
  /** DynamoDB operation: `GetItem`, `PutItem`, `UpdateItem`, `Query`, `Scan`. */
  operation: string;
  approvalKey?: string;
}

/** SDK error names that are worth retrying later (after the SDK's own retries gave up). */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
]);

/**
 * An approval store operation that failed, with the table, the operation and the key it was about.
 * `retryable` tells a handler whether to retry the event or dead-letter it.
 */
export class ApprovalStoreError extends Error {
  override readonly name: string = 'ApprovalStoreError';
  readonly table: string;
  readonly operation: string;
  readonly approvalKey?: string;
  readonly retryable: boolean;

  constructor(context: StoreErrorContext, reason: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(`approvals table ${context.table}: ${context.operation}${context.approvalKey ? ` ${context.approvalKey}` : ''}: ${reason}`, options);
    this.table = context.table;
    this.operation = context.operation;
    if (context.approvalKey !== undefined) this.approvalKey = context.approvalKey;
    this.retryable = options?.retryable ?? false;
  }
}

/**
 * A conditional write lost to a newer version of the approval: evidence or an update was computed
 * from `expectedVersion` (0: the record was expected not to exist), the table holds `currentVersion`
 * (absent: the record no longer exists). Never retry blindly: re-read and re-verify.
 */
export class StaleApprovalError extends ApprovalStoreError {
  override readonly name: string = 'StaleApprovalError';
  readonly expectedVersion: number;
  readonly currentVersion?: number;

  constructor(
    context: StoreErrorContext & { approvalKey: string },
    versions: { expected: number; current?: number },
    options?: { cause?: unknown },
  ) {
    const now = versions.current === undefined ? 'the record does not exist' : `the table holds version ${versions.current}`;
    const wanted = versions.expected === 0 ? 'expected a new record' : `expected version ${versions.expected}`;
    super(context, `stale: ${wanted}, ${now}`, options);
    this.expectedVersion = versions.expected;
    if (versions.current !== undefined) this.currentVersion = versions.current;
  }
}

/**
 * An approval that fails validation, on its way in (refused before any write) or on its way out
 * (a corrupt item). Names the field, e.g. `entitlement.policyArn: not a managed policy ARN`.
 */
export class InvalidApprovalError extends ApprovalStoreError {
  override readonly name: string = 'InvalidApprovalError';
  /** Path of the offending field inside the record, e.g. `expiresAt`, `evidence.outcome`; '' for the record. */
  readonly field: string;
  readonly reason: string;

  constructor(context: StoreErrorContext, field: string, reason: string, options?: { cause?: unknown }) {
    super(context, field === '' ? `invalid approval: ${reason}` : `invalid approval: ${field}: ${reason}`, options);
    this.field = field;
    this.reason = reason;
  }
}

/** Turns an SDK (or network) error into an {@link ApprovalStoreError} carrying the context. */
export function storeErrorFrom(err: unknown, context: StoreErrorContext): ApprovalStoreError {
  if (err instanceof ApprovalStoreError) return err;
  const e = err as { name?: string; message?: string; $retryable?: unknown; $fault?: string } | undefined;
  const name = e?.name ?? 'Error';
  const retryable = TRANSIENT.has(name) || e?.$retryable !== undefined || e?.$fault === 'server';
  const reason = name === 'ResourceNotFoundException' ? 'table not found (check --table and the region)' : `${name}: ${e?.message ?? String(err)}`;
  return new ApprovalStoreError(context, reason, { cause: err, retryable });
}
