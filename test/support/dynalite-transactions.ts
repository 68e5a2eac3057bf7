import { DeleteItemCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * TransactWriteItems for dynalite, which has no transactions (dynalite 4.0.0 knows no such operation).
 * Served on the wire, so the SDK, its error parsing and the call counts see what AWS would send:
 * `{}` on success; a TransactionCanceledException with one CancellationReason per action, in order
 * (`None`, `ConditionalCheckFailed`, `ValidationError`), as the DynamoDB API Reference describes it;
 * a ValidationException for more than 100 actions, two actions on one item, or more than 4 MB.
 *
 * A transaction holds an exclusive lock over every other request to the server, so no write lands
 * between its actions: it reads each item, applies each action (with its condition) through dynalite,
 * and if any was refused puts the items it changed back. Put, Update and Delete only. Returns what
 * closes the emulation's own client (before the server closes).
 */
export function serveTransactions(server: Server, endpoint: string): () => void {
  const [dynalite] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (!dynalite) throw new Error('dynalite has no request handler');
  server.removeAllListeners('request');
  const inner = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  inner.middlewareStack.add((next) => (args) => ((args.request as { headers: Record<string, string> }).headers[INNER] = '1', next(args)), { step: 'build' });
  const lock = new ReadWriteLock();
  const keys = new Map<string, string[]>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers[INNER]) return dynalite(req, res);
    if (!String(req.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems')) {
      void lock.shared().then((release) => {
        res.on('close', release);
        dynalite(req, res);
      });
      return;
    }
    void (async () => {
      const body = await readBody(req);
      const release = await lock.exclusive();
      try {
        const [status, out] = await transact(inner, keys, body);
        send(res, status, out);
      } catch (e) {
        send(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(e) });
      } finally {
        release();
      }
    })();
  });
  return () => inner.destroy();
}

/** Requests the emulation makes itself (under its lock) carry this header, so `received` can leave them out. */
export const INNER = 'x-tally-transaction-step';

type Action = Record<string, unknown> & { TableName: string; Key?: Record<string, AttributeValue>; Item?: Record<string, AttributeValue> };
const NS = 'com.amazonaws.dynamodb.v20120810#';
const validation = (message: string): [number, object] => [400, { __type: `${NS}ValidationException`, message }];

async function transact(client: DynamoDBClient, keySchemas: Map<string, string[]>, body: string): Promise<[number, object]> {
  if (Buffer.byteLength(body) > 4 * 1024 * 1024) return validation('Transaction request cannot be larger than 4 MB');
  const items = (JSON.parse(body) as { TransactItems?: Record<string, Action>[] }).TransactItems ?? [];
  if (items.length < 1 || items.length > 100) {
    return validation(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100`);
  }
  const steps: { kind: string; action: Action; key: Record<string, AttributeValue> }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const [kind, action] = Object.entries(item)[0] ?? [];
    if (!action || !['Put', 'Update', 'Delete'].includes(kind!)) return validation(`not emulated: ${kind}`);
    let names = keySchemas.get(action.TableName);
    if (!names) {
      const table = await client.send(new DescribeTableCommand({ TableName: action.TableName }));
      names = (table.Table?.KeySchema ?? []).map((k) => k.AttributeName!);
      keySchemas.set(action.TableName, names);
    }
    const source = action.Key ?? action.Item ?? {};
    const key = Object.fromEntries(names.map((n) => [n, source[n]!]));
    const id = JSON.stringify([action.TableName, key]);
    if (seen.has(id)) return validation('Transaction request cannot include multiple operations on one item');
    seen.add(id);
    steps.push({ kind: kind!, action, key });
  }
  const before = await Promise.all(steps.map((s) => client.send(new GetItemCommand({ TableName: s.action.TableName, Key: s.key, ConsistentRead: true })).then((o) => o.Item)));
  const codes: string[] = [];
  const applied: number[] = [];
  for (const [i, { kind, action }] of steps.entries()) {
    const { ReturnValuesOnConditionCheckFailure: _ignored, ...input } = action;
    try {
      if (kind === 'Put') await client.send(new PutItemCommand(input as never));
      else if (kind === 'Update') await client.send(new UpdateItemCommand(input as never));
      else await client.send(new DeleteItemCommand(input as never));
      codes.push('None');
      applied.push(i);
    } catch (e) {
      const name = (e as { name?: string }).name;
      codes.push(name === 'ConditionalCheckFailedException' ? 'ConditionalCheckFailed' : name === 'ValidationException' ? 'ValidationError' : `${name}`);
    }
  }
  if (applied.length === steps.length) return [200, {}];
  for (const i of applied.reverse()) {
    const { action, key } = steps[i]!;
    const old = before[i];
    if (old) await client.send(new PutItemCommand({ TableName: action.TableName, Item: old }));
    else await client.send(new DeleteItemCommand({ TableName: action.TableName, Key: key }));
  }
  return [
    400,
    {
      __type: `${NS}TransactionCanceledException`,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
      CancellationReasons: codes.map((Code) => (Code === 'None' ? { Code } : { Code, Message: Code === 'ConditionalCheckFailed' ? 'The conditional request failed' : Code })),
    },
  ];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString()));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, out: object): void {
  const body = JSON.stringify(out);
  res.statusCode = status;
  res.setHeader('x-amzn-RequestId', 'tx-emulated');
  res.setHeader('Content-Type', 'application/x-amz-json-1.0');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Many readers (ordinary requests) or one writer (a transaction); a waiting writer goes before later readers. */
class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private writersWaiting = 0;
  private waiters: (() => void)[] = [];

  async shared(): Promise<() => void> {
    while (this.writing || this.writersWaiting > 0) await this.wait();
    this.readers += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.readers -= 1;
      this.wake();
    };
  }

  async exclusive(): Promise<() => void> {
    this.writersWaiting += 1;
    while (this.writing || this.readers > 0) await this.wait();
    this.writersWaiting -= 1;
    this.writing = true;
    return () => {
      this.writing = false;
      this.wake();
    };
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters.splice(0);
    for (const w of waiting) w();
  }
}
