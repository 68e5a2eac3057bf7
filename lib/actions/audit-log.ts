import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditWriteError } from './action-errors';
import { auditRecordSchema, type AuditRecord } from './audit-table';

/** `written`: a new record; `duplicate`: the same action of the same run was recorded before (kept as it was). */
export type AuditWrite = 'written' | 'duplicate';

/** Where action records go. Port: DynamoDB in the cloud, memory for local report runs and tests. */
export interface AuditSink {
  /** Records once; throws {@link AuditWriteError} when the record cannot be stored. */
  record(rec: AuditRecord): Promise<AuditWrite>;
  /** Every record of one run, in sort-key order. */
  list(runId: string): Promise<AuditRecord[]>;
}

/** The audit log on DynamoDB (`AUDIT_TABLE`), with conditional puts so a re-run never duplicates. */
export class DynamoAuditLog implements AuditSink {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async record(rec: AuditRecord): Promise<AuditWrite> {
    try {
      const item = auditRecordSchema.parse(rec);
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(runId)' }),
      );
      return 'written';
    } catch (cause) {
      if (cause instanceof ConditionalCheckFailedException || (cause as Error)?.name === 'ConditionalCheckFailedException') return 'duplicate';
      throw new AuditWriteError(this.tableName, rec.runId, rec.findingId, { cause });
    }
  }

  async list(runId: string): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'runId = :r',
          ExpressionAttributeValues: { ':r': runId },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(page.Items ?? []).map((i) => auditRecordSchema.parse(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

/** In-memory audit log with the same once-only semantics, for report runs without a table. */
export class MemoryAuditLog implements AuditSink {
  private readonly items = new Map<string, AuditRecord>();

  async record(rec: AuditRecord): Promise<AuditWrite> {
    const id = `${rec.runId}\u0000${rec.sk}`;
    if (this.items.has(id)) return 'duplicate';
    this.items.set(id, auditRecordSchema.parse(rec));
    return 'written';
  }

  async list(runId: string): Promise<AuditRecord[]> {
    return [...this.items.values()].filter((r) => r.runId === runId).sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  }
}
