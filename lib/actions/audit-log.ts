import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditReadError, AuditWriteError } from './action-errors';
import { auditRecordSchema, claimKey, type AuditRecord } from './audit-table';

/** `written`: a new record; `duplicate`: the same action of the same run was recorded before (kept as it was). */
export type AuditWrite = 'written' | 'duplicate';

/** Where action records go. Port: DynamoDB in the cloud, memory for local report runs and tests. */
export interface AuditSink {
  /** Records once; throws {@link AuditWriteError} when the record cannot be stored. */
  record(rec: AuditRecord): Promise<AuditWrite>;
  /** Every record of one run, in sort-key order. */
  list(runId: string): Promise<AuditRecord[]>;
  /**
   * Claims a key for one run until `until` (ISO): true when this run holds it (new, its own, or an
   * expired claim of another run), false when another run holds it now.
   */
  claim(accessKeyId: string, runId: string, at: string, until: string): Promise<boolean>;
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

  async claim(accessKeyId: string, runId: string, at: string, until: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...claimKey(accessKeyId), claimedBy: runId, at, until, ttl: Math.ceil(Date.parse(until) / 1000) + 86_400 },
          ConditionExpression: 'attribute_not_exists(runId) OR claimedBy = :run OR #until < :at',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':run': runId, ':at': at },
        }),
      );
      return true;
    } catch (cause) {
      if ((cause as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw new AuditWriteError(this.tableName, runId, `claim ${accessKeyId}`, { cause });
    }
  }

  async list(runId: string): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const query = new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'runId = :r',
        ExpressionAttributeValues: { ':r': runId },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      let page;
      try {
        page = await this.doc.send(query);
      } catch (cause) {
        throw new AuditReadError(this.tableName, runId, { cause });
      }
      out.push(...(page.Items ?? []).map((i) => auditRecordSchema.parse(i)));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

/** In-memory audit log with the same once-only semantics, for report runs without a table. */
export class MemoryAuditLog implements AuditSink {
  private readonly items = new Map<string, AuditRecord>();
  private readonly claims = new Map<string, { runId: string; until: string }>();

  async claim(accessKeyId: string, runId: string, at: string, until: string): Promise<boolean> {
    const held = this.claims.get(accessKeyId);
    if (held && held.runId !== runId && held.until >= at) return false;
    this.claims.set(accessKeyId, { runId, until });
    return true;
  }

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
