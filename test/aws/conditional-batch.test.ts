import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { writeConditionally, type ConditionalWrite } from '../../lib/aws/conditional-batch';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(doc);
afterEach(() => ddb.reset());

const write = (id: string, extra: Record<string, unknown> = {}): ConditionalWrite => ({
  key: id,
  action: { Put: { TableName: 'ledger', Item: { findingId: id, ...extra }, ConditionExpression: 'attribute_not_exists(findingId) OR updatedAt < :u', ExpressionAttributeValues: { ':u': 'T' } } },
});
const writes = (n: number) => Array.from({ length: n }, (_, i) => write(`f-${i}`));
const idsOf = (input: TransactWriteCommandInput) => (input.TransactItems ?? []).map((a) => a.Put!.Item!['findingId'] as string);
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((c) => idsOf(c.args[0].input));

/** As DynamoDB cancels a transaction: one reason per action, in order; `None` for an action without error. */
function cancelled(codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => (Code === 'None' ? { Code } : { Code, Message: Code === 'ConditionalCheckFailed' ? 'The conditional request failed' : 'Transaction is ongoing for the item.' })),
  });
}
const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

/** Records each item sent alone. */
function singles() {
  const sent: string[] = [];
  return { sent, single: async (w: ConditionalWrite) => void sent.push(w.key) };
}

describe('writeConditionally', () => {
  it('writes 250 items in 3 TransactWriteItems calls of at most 100 when every condition holds', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { sent, single } = singles();
    const out = await writeConditionally(doc, writes(250), { single });
    expect(transactions().map((t) => t.length)).toEqual([100, 100, 50]);
    expect(sent).toEqual([]);
    expect(out.every((o) => o.status === 'written')).toBe(true);
  });

  it('writes one item alone, without a transaction, when it is the only one', async () => {
    const { sent, single } = singles();
    expect(await writeConditionally(doc, writes(1), { single })).toEqual([{ status: 'written' }]);
    expect(transactions()).toEqual([]);
    expect(sent).toEqual(['f-0']);
  });

  it('refuses the item whose reason is ConditionalCheckFailed and writes the other 99 in a new transaction when DynamoDB cancels one', async () => {
    const reasons = Array.from({ length: 100 }, (_, i) => (i === 42 ? 'ConditionalCheckFailed' : 'None'));
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled(reasons)).resolves({});
    const out = await writeConditionally(doc, writes(100), singles());
    const [first, second] = transactions();
    expect(first).toHaveLength(100);
    expect(second).toEqual(first!.filter((id) => id !== 'f-42'));
    expect(out[42]).toMatchObject({ status: 'refused', cause: expect.any(TransactionCanceledException) });
    expect(out.filter((o) => o.status === 'written')).toHaveLength(99);
  });

  it('sends alone the items with another cancellation reason (TransactionConflict) and the None items in a new transaction', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'TransactionConflict', 'ConditionalCheckFailed', 'None', 'None'])).resolves({});
    const { sent, single } = singles();
    const out = await writeConditionally(doc, writes(5), { single });
    expect(transactions()).toEqual([['f-0', 'f-1', 'f-2', 'f-3', 'f-4'], ['f-0', 'f-3', 'f-4']]);
    expect(sent).toEqual(['f-1']);
    expect(out.map((o) => o.status)).toEqual(['written', 'written', 'refused', 'written', 'written']);
  });

  it('reports the ConditionalCheckFailedException of an item sent alone as refused, and its other errors as its own failure', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'ThrottlingError', 'ValidationError']));
    const single = async (w: ConditionalWrite) => {
      if (w.key === 'f-1') throw sdkError('ConditionalCheckFailedException', 'The conditional request failed');
      if (w.key === 'f-2') throw sdkError('ValidationException', 'Item size has exceeded the maximum allowed size');
    };
    const out = await writeConditionally(doc, writes(3), { single });
    // A cancellation naming no ConditionalCheckFailed with every other item None would repeat: f-0 goes alone too.
    expect(transactions()).toHaveLength(1);
    expect(out.map((o) => o.status)).toEqual(['written', 'refused', 'failed']);
    expect(out[2]).toMatchObject({ alone: true, cause: { name: 'ValidationException' } });
  });

  it('sends every item alone when a cancellation carries no reason per action', async () => {
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} }));
    const { sent, single } = singles();
    const out = await writeConditionally(doc, writes(3), { single });
    expect(sent.sort()).toEqual(['f-0', 'f-1', 'f-2']);
    expect(out.every((o) => o.status === 'written')).toBe(true);
  });

  it('fails every item of a transaction that failed as a whole (throttled after the SDK retries) and retries nothing', async () => {
    const throttled = sdkError('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.');
    ddb.on(TransactWriteCommand).rejectsOnce(throttled).resolves({});
    const { sent, single } = singles();
    const out = await writeConditionally(doc, writes(150), { single, concurrency: 1 });
    expect(transactions().map((t) => t.length)).toEqual([100, 50]);
    expect(sent).toEqual([]);
    expect(out.slice(0, 100).every((o) => o.status === 'failed' && !o.alone && o.cause === throttled)).toBe(true);
    expect(out.slice(100).every((o) => o.status === 'written')).toBe(true);
  });

  it('splits a transaction in two when DynamoDB refuses it as too large (ValidationException)', async () => {
    ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      if ((input.TransactItems ?? []).length > 2) throw sdkError('ValidationException', 'Transaction request cannot be larger than 4 MB');
      return {};
    });
    const { sent, single } = singles();
    const out = await writeConditionally(doc, writes(5), { single });
    expect(transactions()).toEqual([['f-0', 'f-1', 'f-2', 'f-3', 'f-4'], ['f-0', 'f-1', 'f-2'], ['f-0', 'f-1'], ['f-3', 'f-4']]);
    expect(sent).toEqual(['f-2']);
    expect(out.every((o) => o.status === 'written')).toBe(true);
  });

  it('sends the items alone when the transaction is denied (AccessDeniedException)', async () => {
    ddb.on(TransactWriteCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: dynamodb:UpdateItem'));
    const { sent, single } = singles();
    await writeConditionally(doc, writes(3), { single });
    expect(sent.sort()).toEqual(['f-0', 'f-1', 'f-2']);
  });

  it('never puts two actions on the same item in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await writeConditionally(doc, [write('a'), write('b'), write('a'), write('c')], singles());
    for (const t of transactions()) expect(new Set(t).size).toBe(t.length);
    expect(transactions().flat().sort()).toEqual(['a', 'a', 'b', 'c']);
  });

  it('keeps each transaction far below the 4 MB DynamoDB allows when the items are large', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const big = Array.from({ length: 30 }, (_, i) => write(`f-${i}`, { asff: 'x'.repeat(150_000) }));
    await writeConditionally(doc, big, singles());
    const sizes = ddb.commandCalls(TransactWriteCommand).map((c) => Buffer.byteLength(JSON.stringify(c.args[0].input)));
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThan(4 * 1024 * 1024);
  });
});
