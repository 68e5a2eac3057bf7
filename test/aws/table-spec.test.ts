import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../lib/aws/table-spec';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

describe('createTableInput', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('creates a table with its key schema and index on a real DynamoDB endpoint', async () => {
    await db.createTable(
      createTableInput('specs', {
        partitionKey: { name: 'pk', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
        globalSecondaryIndexes: [{ indexName: 'byOwner', partitionKey: { name: 'owner', type: 'S' }, sortKey: { name: 'sk', type: 'S' } }],
      }),
    );
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: 'specs' }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.AttributeDefinitions?.map((a) => a.AttributeName).sort()).toEqual(['owner', 'pk', 'sk']);
    expect(Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byOwner');
  });
});
