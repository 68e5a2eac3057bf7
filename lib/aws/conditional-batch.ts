import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from './conditional-check';
import { forEachLimit } from './for-each-limit';

/** One action of a TransactWriteItems request (document client shape): a conditional `Put` or `Update`. */
export type TransactAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One conditional write: the action, and the item it is about (no transaction may name an item twice). */
export interface ConditionalWrite {
  key: string;
  action: TransactAction;
}

/**
 * What became of one write: `written`; `refused`, its condition did not hold (`cause` is the
 * TransactionCanceledException or ConditionalCheckFailedException that said so); or `failed`, with
 * the SDK error. `alone` tells whether that error is the item's own write (sent by itself) or the
 * error of a TransactWriteItems call that carried it with others and failed as a whole.
 */
export type WriteOutcome = { status: 'written' } | { status: 'refused'; cause: unknown } | { status: 'failed'; cause: unknown; alone: boolean };

export interface ConditionalBatchOptions {
  /**
   * Writes one item by itself (PutItem or UpdateItem, with the action's condition): a lone item,
   * or one a transaction could not carry. Throws what the SDK throws.
   */
  single: (write: ConditionalWrite) => Promise<unknown>;
  /** Calls in flight at once. @default 10 */
  concurrency?: number;
}

/** TransactWriteItems: at most 100 actions, no two on the same item (DynamoDB API Reference). */
export const TRANSACTION_MAX_ACTIONS = 100;
/**
 * Request bytes per transaction. DynamoDB refuses a transaction whose items add up to more than 4 MB;
 * an Update's item also holds attributes the request does not carry, hence the margin.
 */
const TRANSACTION_BUDGET_BYTES = 2_000_000;

const WRITTEN: WriteOutcome = { status: 'written' };

/**
 * Writes every item once, each under its own condition, in TransactWriteItems calls of up to 100
 * actions (one item alone goes by `single`). A transaction is all or nothing, so when DynamoDB cancels
 * one, its CancellationReasons (one per action, in order) decide: `ConditionalCheckFailed` items are
 * refused, items with another reason (a conflict, throttling, a validation error) are written alone,
 * and the `None` items go again in a new transaction. A transaction refused as a request goes smaller:
 * a ValidationException (too large) splits it in two, AccessDeniedException sends its items alone.
 * Any other error (after the SDK's own retries) fails every item the call carried: it may have been
 * applied, so nothing is retried blindly. Returns one outcome per write, in input order.
 */
export async function writeConditionally(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  writes: readonly ConditionalWrite[],
  options: ConditionalBatchOptions,
): Promise<WriteOutcome[]> {
  const concurrency = options.concurrency ?? 10;
  const outcomes: WriteOutcome[] = new Array<WriteOutcome>(writes.length);

  const writeAlone = (indices: readonly number[]) =>
    forEachLimit(indices, concurrency, async (i) => {
      try {
        await options.single(writes[i]!);
        outcomes[i] = WRITTEN;
      } catch (cause) {
        outcomes[i] = isConditionalCheckFailure(cause) ? { status: 'refused', cause } : { status: 'failed', cause, alone: true };
      }
    });

  const writeChunk = async (indices: readonly number[]): Promise<void> => {
    let pending = indices;
    while (pending.length > 1) {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: pending.map((i) => writes[i]!.action) }));
        for (const i of pending) outcomes[i] = WRITTEN;
        return;
      } catch (cause) {
        const name = (cause as { name?: unknown } | undefined)?.name;
        if (name === 'TransactionCanceledException') {
          const codes = cancellationCodes(cause, pending.length);
          const again: number[] = [];
          const alone: number[] = [];
          pending.forEach((i, k) => {
            const code = codes?.[k];
            if (code === 'ConditionalCheckFailed') outcomes[i] = { status: 'refused', cause };
            else if (code === 'None') again.push(i);
            else alone.push(i);
          });
          // A cancellation that names no item (or reasons that do not line up) would repeat: go alone.
          if (again.length === pending.length) alone.push(...again.splice(0));
          await writeAlone(alone);
          pending = again;
        } else if (name === 'ValidationException') {
          const half = Math.ceil(pending.length / 2);
          await writeChunk(pending.slice(0, half));
          await writeChunk(pending.slice(half));
          return;
        } else if (name === 'AccessDeniedException') {
          await writeAlone(pending);
          return;
        } else {
          for (const i of pending) outcomes[i] = { status: 'failed', cause, alone: false };
          return;
        }
      }
    }
    await writeAlone(pending);
  };

  await forEachLimit(chunks(writes), concurrency, writeChunk);
  return outcomes;
}

/** The Code of each cancellation reason, when there is one per action; `None` when an item had no error. */
function cancellationCodes(err: unknown, actions: number): string[] | undefined {
  const reasons = (err as { CancellationReasons?: unknown }).CancellationReasons;
  if (!Array.isArray(reasons) || reasons.length !== actions) return undefined;
  return reasons.map((r: { Code?: unknown } | undefined) => (typeof r?.Code === 'string' ? r.Code : 'None'));
}

/** Indices of `writes` in transactions: at most 100 actions and the byte budget, no item twice. */
function chunks(writes: readonly ConditionalWrite[]): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  let keys = new Set<string>();
  writes.forEach((w, i) => {
    const size = Buffer.byteLength(JSON.stringify(w.action, jsonSafe));
    if (current.length > 0 && (current.length >= TRANSACTION_MAX_ACTIONS || bytes + size > TRANSACTION_BUDGET_BYTES || keys.has(w.key))) {
      out.push(current);
      current = [];
      bytes = 0;
      keys = new Set();
    }
    current.push(i);
    bytes += size;
    keys.add(w.key);
  });
  if (current.length > 0) out.push(current);
  return out;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...(value as Set<unknown>)];
  return typeof value === 'bigint' ? value.toString() : value;
}
