import type { TableSpec } from '../aws/table-spec';

/**
 * The idempotency table of the CloudTrail event handler, in the layout Powertools'
 * `DynamoDBPersistenceLayer` uses by default: partition key `id` (S, the hashed idempotency key:
 * the CloudTrail `eventID`), TTL attribute `expiration` (N, epoch seconds). Other attributes
 * (`status`, `data`, `validation`, `in_progress_expiration`) are the library's.
 */
export const IDEMPOTENCY_TABLE: TableSpec = {
  partitionKey: { name: 'id', type: 'S' },
  timeToLiveAttribute: 'expiration',
};
