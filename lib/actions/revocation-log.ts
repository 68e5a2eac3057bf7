import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { AuditReadError, AuditWriteError } from './action-errors';
import type { AuditWrite } from './audit-log';
import { revocationRecordSchema, type RevocationRecord } from './revocation-record';

/** Where revocation and restore records go (the audit table, partitions `rev#` and `rst#`). */
export interface RevocationLog {
  /** Records once (a repeat of the same run and sort key is `duplicate`); throws {@link AuditWriteError}. */
  record(rec: RevocationRecord): Promise<AuditWrite>;
  /** Every record of one partition (`rev#<runId>` or `rst#<runId>`), in sort-key order. */
  list(partition: string): Promise<RevocationRecord[]>;
}

/** The revocation records on the audit table: conditional puts (append-only) and consistent Queries. */
export class DynamoRevocationLog implements RevocationLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async record(rec: RevocationRecord): Promise<AuditWrite> {
    const parsed = revocationRecordSchema.safeParse(rec);
    if (!parsed.success) throw new AuditWriteError(this.tableName, rec.runId, rec.findingId, { cause: parsed.error });
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: parsed.data, ConditionExpression: 'attribute_not_exists(runId)' }));
      return 'written';
    } catch (cause) {
      if (isConditionalCheckFailure(cause)) return 'duplicate';
      throw new AuditWriteError(this.tableName, rec.runId, rec.findingId, { cause });
    }
  }

  async list(partition: string): Promise<RevocationRecord[]> {
    const out: RevocationRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      let page;
      try {
        page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'runId = :r',
            ExpressionAttributeValues: { ':r': partition },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
      } catch (cause) {
        throw new AuditReadError(this.tableName, partition, { cause });
      }
      for (const item of page.Items ?? []) {
        const parsed = revocationRecordSchema.safeParse(item);
        if (!parsed.success) throw new AuditReadError(this.tableName, partition, { cause: parsed.error });
        out.push(parsed.data);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
