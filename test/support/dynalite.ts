import { CreateTableCommand, DynamoDBClient, waitUntilTableExists, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INNER, serveTransactions } from './dynalite-transactions';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** The operation (`PutItem`, from the `X-Amz-Target` header) of every request the server received, in order. */
  received: string[];
  createTable(input: CreateTableCommandInput): Promise<void>;
  stop(): Promise<void>;
}

/** A real DynamoDB wire-protocol server (dynalite, in memory, with TransactWriteItems emulated) on 127.0.0.1 and a random port. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const stopTransactions = serveTransactions(server, endpoint);
  const received: string[] = [];
  server.on('request', (req: IncomingMessage) => {
    if (!req.headers[INNER]) received.push(String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, ''));
  });
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    endpoint,
    client,
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    received,
    async createTable(input) {
      await client.send(new CreateTableCommand(input));
      await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: input.TableName });
    },
    async stop() {
      client.destroy();
      stopTransactions();
      await new Promise<void>((resolve, reject) => server.close((e?: Error) => (e ? reject(e) : resolve())));
    },
  };
}
