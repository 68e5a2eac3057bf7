import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

/** A global secondary index: its keys, and the non-key attributes it projects (INCLUDE) or all of them (ALL, when absent). */
export interface IndexSpec {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  include?: readonly string[];
}

/** A DynamoDB table's key design, shared by its store, the tests (dynalite) and the CDK construct. */
export interface TableSpec {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes?: IndexSpec[];
  /** Top-level Number attribute, epoch seconds. */
  timeToLiveAttribute?: string;
}

/** CreateTable input (on-demand) for a spec; TTL is set separately with UpdateTimeToLive. */
export function createTableInput(tableName: string, spec: TableSpec): CreateTableCommandInput {
  const keys = [spec.partitionKey, spec.sortKey, ...(spec.globalSecondaryIndexes ?? []).flatMap((g) => [g.partitionKey, g.sortKey])];
  const attributes = new Map(keys.filter((k): k is KeyAttribute => k !== undefined).map((k) => [k.name, k.type]));
  const schema = (pk: KeyAttribute, sk?: KeyAttribute) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: schema(spec.partitionKey, spec.sortKey),
    ...(spec.globalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map((g) => ({
            IndexName: g.indexName,
            KeySchema: schema(g.partitionKey, g.sortKey),
            Projection: g.include ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...g.include] } : { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
