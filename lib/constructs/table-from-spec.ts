import { AttributeType, ProjectionType, type Attribute, type GlobalSecondaryIndexPropsV2, type TablePropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { KeyAttribute, TableSpec } from '../aws/table-spec';

const attribute = (k: KeyAttribute): Attribute => ({ name: k.name, type: k.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER });

/**
 * The key design of a {@link TableSpec} as TableV2 props: partition and sort key, GSIs (with their
 * projection, as `createTableInput` creates them for dynalite) and the TTL attribute. Everything else —
 * billing, encryption, recovery, protection — the caller adds; the keys come from the spec only, so
 * the store, its tests and the deployed table cannot disagree.
 */
export function tableKeyProps(spec: TableSpec): Pick<TablePropsV2, 'partitionKey' | 'sortKey' | 'globalSecondaryIndexes' | 'timeToLiveAttribute'> {
  const indexes: GlobalSecondaryIndexPropsV2[] = (spec.globalSecondaryIndexes ?? []).map((g) => ({
    indexName: g.indexName,
    partitionKey: attribute(g.partitionKey),
    ...(g.sortKey ? { sortKey: attribute(g.sortKey) } : {}),
    ...(g.include ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...g.include] } : {}),
  }));
  return {
    partitionKey: attribute(spec.partitionKey),
    ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
    ...(indexes.length ? { globalSecondaryIndexes: indexes } : {}),
    ...(spec.timeToLiveAttribute ? { timeToLiveAttribute: spec.timeToLiveAttribute } : {}),
  };
}
