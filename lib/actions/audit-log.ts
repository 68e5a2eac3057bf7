import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeConditionally, type ConditionalWrite } from '../aws/conditional-batch';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { AuditWriteError } from './action-errors';
import { DynamoAccountMemory, type AccountMemory } from './account-memory';
import { auditRecordSchema, capKey, claimKey, lockKey, ttlAfter, type AuditRecord } from './audit-table';

/** `written`: a new record; `duplicate`: the same action of the same run was recorded before (kept as it was). */
export type AuditWrite = 'written' | 'duplicate';

/** Where action records go, and the account's memory. Port: DynamoDB in the cloud, memory for local report runs and tests. */
export interface AuditSink extends AccountMemory {
  /** Records once; throws {@link AuditWriteError} when the record cannot be stored. */
  record(rec: AuditRecord): Promise<AuditWrite>;
  /** {@link record} for many at once (one outcome each, in order); throws {@link AuditWriteError} naming the first not stored. */
  recordMany(recs: readonly AuditRecord[]): Promise<AuditWrite[]>;
  /** Every record of one run, in sort-key order. */
  list(runId: string): Promise<AuditRecord[]>;
  /**
   * Claims a key for one run until `until` (ISO): true when this run holds it (new, its own, or an
   * ended claim of another run), false when another run holds it now.
   */
  claim(accessKeyId: string, runId: string, at: string, until: string): Promise<boolean>;
  /** Takes the account's write lock until `until`, on the same terms as {@link claim}. */
  lock(accountId: string, runId: string, at: string, until: string): Promise<boolean>;
  /** Ends this run's hold on the account's lock (expires it at `at`); a lock another run holds is left alone. */
  unlock(accountId: string, runId: string, at: string): Promise<void>;
  /**
   * Takes one of the `cap` slots of the account's day for a key: true when this run got one or holds
   * one for this key already (a retried write counts once), false when every slot is taken.
   */
  takeSlot(slot: CapSlot): Promise<boolean>;
}

/** A request for one slot of an account's daily cap. */
export interface CapSlot {
  accountId: string;
  /** UTC day of the run's evaluation time, `YYYY-MM-DD`: a run and its retries share it. */
  day: string;
  cap: number;
  runId: string;
  accessKeyId: string;
  at: string;
}

/**
 * The audit log on DynamoDB (`AUDIT_TABLE`), with conditional puts so a re-run never duplicates.
 * One instance serves one run, as its account memory does ({@link DynamoAccountMemory}).
 */
export class DynamoAuditLog extends DynamoAccountMemory implements AuditSink {
  /** One record alone is one conditional PutItem (see {@link recordMany}). */
  async record(rec: AuditRecord): Promise<AuditWrite> {
    return (await this.recordMany([rec]))[0]!;
  }

  /** Up to 100 records per TransactWriteItems call, each put only if no record of that run and sort key exists. */
  async recordMany(recs: readonly AuditRecord[]): Promise<AuditWrite[]> {
    const writes: ConditionalWrite[] = [];
    for (const rec of recs) {
      const parsed = auditRecordSchema.safeParse(rec);
      if (!parsed.success) throw new AuditWriteError(this.tableName, rec.runId, rec.findingId, { cause: parsed.error });
      writes.push({ key: `${rec.runId}\u0000${rec.sk}`, action: { Put: { TableName: this.tableName, Item: parsed.data, ConditionExpression: 'attribute_not_exists(runId)' } } });
    }
    const outcomes = await writeConditionally(this.doc, writes, { single: this.putAlone });
    return outcomes.map((o, i) => {
      if (o.status === 'failed') throw new AuditWriteError(this.tableName, recs[i]!.runId, recs[i]!.findingId, { cause: o.cause });
      return o.status === 'written' ? 'written' : 'duplicate';
    });
  }

  claim(accessKeyId: string, runId: string, at: string, until: string): Promise<boolean> {
    return this.lease(claimKey(accessKeyId), runId, at, until, `claim ${accessKeyId}`);
  }

  lock(accountId: string, runId: string, at: string, until: string): Promise<boolean> {
    return this.lease(lockKey(accountId), runId, at, until, `lock ${accountId}`);
  }

  async unlock(accountId: string, runId: string, at: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...lockKey(accountId), claimedBy: runId, at, until: at, ttl: ttlAfter(at, 1) },
          ConditionExpression: 'claimedBy = :run',
          ExpressionAttributeValues: { ':run': runId },
        }),
      );
    } catch (cause) {
      if (!isConditionalCheckFailure(cause)) throw new AuditWriteError(this.tableName, runId, `unlock ${accountId}`, { cause });
    }
  }

  async takeSlot(s: CapSlot): Promise<boolean> {
    const partition = capKey(s.accountId, s.day).runId;
    const taken = await this.partition(partition);
    if (taken.some((i) => i.claimedBy === s.runId && i.accessKeyId === s.accessKeyId)) return true;
    // Slots are taken in order; a put that finds its slot taken lost a race and tries the next one.
    for (let n = taken.length + 1; n <= s.cap; n++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...capKey(s.accountId, s.day, n), claimedBy: s.runId, accessKeyId: s.accessKeyId, at: s.at, ttl: ttlAfter(`${s.day}T00:00:00Z`, 3) },
            ConditionExpression: 'attribute_not_exists(runId)',
          }),
        );
        return true;
      } catch (cause) {
        if (!isConditionalCheckFailure(cause)) throw new AuditWriteError(this.tableName, s.runId, `cap slot ${n} of ${partition}`, { cause });
      }
    }
    return false;
  }

  /** A lease item: taken when new, already this run's, or ended (`until` at or before `at`). */
  private async lease(key: { runId: string; sk: string }, runId: string, at: string, until: string, what: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, claimedBy: runId, at, until, ttl: ttlAfter(until, 1) },
          ConditionExpression: 'attribute_not_exists(runId) OR claimedBy = :run OR #until <= :at',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':run': runId, ':at': at },
        }),
      );
      return true;
    } catch (cause) {
      if (isConditionalCheckFailure(cause)) return false;
      throw new AuditWriteError(this.tableName, runId, what, { cause });
    }
  }

  async list(runId: string): Promise<AuditRecord[]> {
    return (await this.partition(runId)).map((i) => auditRecordSchema.parse(i));
  }
}
