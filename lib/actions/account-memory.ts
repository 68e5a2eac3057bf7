import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { writeConditionally, type ConditionalWrite } from '../aws/conditional-batch';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { AuditReadError, AuditWriteError } from './action-errors';
import {
  creatorSchema,
  deactivationSchema,
  memoryId,
  memoryPartition,
  REPORTED_TTL_DAYS,
  rememberedSchema,
  reportedKey,
  secretVersionSchema,
  sightingSchema,
  ttlAfter,
  type Deactivation,
  type MemoryKind,
  type SecretVersionDate,
  type Sighting,
  WARNING_TTL_DAYS,
  warningKey,
} from './audit-table';
import { CreatorWriter, type CreatorMemory } from './creator-writer';

export type { CreatorMemory, CreatorSeen } from './creator-writer';

/**
 * What Tally remembers of an account between runs, in the audit table (AUDIT_TABLE, the `mem#`
 * partition): first sightings of keys, deactivations, secret version dates, warnings sent and
 * report-mode decisions.
 */
export interface AccountMemory {
  /** The account's first sightings still in force at `now` (ISO; not past their `ttl`), by key identity. */
  sightings(accountId: string, now: string): Promise<Map<string, Sighting>>;
  /** Records a first sighting unless one in force is on record (the first one wins): true when this put recorded it. */
  sight(sighting: Sighting): Promise<boolean>;
  /** Records a key a run deactivated (once; a repeat is a no-op). */
  deactivated(d: Deactivation): Promise<void>;
  /** The account's deactivations at or after `since` (ISO), oldest first; those expired at `now` (ISO) left out. */
  deactivationsSince(accountId: string, since: string, now: string): Promise<Deactivation[]>;
  /** Remembers a secret version's creation date unless one in force is on record (a repeat is a no-op). */
  rememberVersion(v: SecretVersionDate): Promise<void>;
  /** {@link rememberVersion} for many at once; throws {@link AuditWriteError} naming the first not stored. */
  rememberVersions(vs: readonly SecretVersionDate[]): Promise<void>;
  /**
   * The account's remembered secret version dates in force at `now` (ISO), by sort key
   * (`<secretArn>#<versionId>`); an item that does not parse is left out (its secret is read again).
   */
  rememberedVersions(accountId: string, now: string): Promise<Map<string, SecretVersionDate>>;
  /** Ids of the account's expiry warnings delivered before and remembered at `now` (ISO). */
  sentWarnings(accountId: string, now: string): Promise<Set<string>>;
  /** Remembers warnings delivered at `at` (once each); returns the ids it could not remember. */
  warningsSent(accountId: string, ids: readonly string[], at: string): Promise<string[]>;
  /** Report-mode decisions on record at `now` (ISO), as `<findingId>#<decision>`. */
  reported(accountId: string, now: string): Promise<Set<string>>;
  /** Remembers report-mode decisions recorded at `at` (once each); returns the ids it could not remember. */
  rememberReported(accountId: string, ids: readonly string[], at: string): Promise<string[]>;
}

/**
 * The account memory on DynamoDB. One instance serves one run: an account's memory partition is read
 * once, at the first read of any kind, and the run's later reads use that snapshot (its own writes
 * are not added: no reader in a run needs them).
 */
export class DynamoAccountMemory extends CreatorWriter implements AccountMemory, CreatorMemory {
  private readonly memories = new Map<string, Promise<Record<string, unknown>[]>>();

  async sightings(accountId: string, now: string): Promise<Map<string, Sighting>> {
    const nowSec = Math.floor(Date.parse(now) / 1000);
    const out = new Map<string, Sighting>();
    for (const [identity, item] of await this.memory(accountId, 'seen')) {
      const parsed = sightingSchema.safeParse(item);
      if (!parsed.success) throw new AuditReadError(this.tableName, memoryPartition(accountId), { cause: parsed.error });
      // TTL deletion lags by up to days: an expired sighting is gone already as far as grace goes.
      if (parsed.data.ttl > nowSec) out.set(identity, parsed.data);
    }
    return out;
  }

  async sight(s: Sighting): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: sightingSchema.parse(s),
          // Only an expired sighting (TTL not yet applied) is replaced; one in force is never changed.
          ConditionExpression: 'attribute_not_exists(runId) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(Date.parse(s.firstSeen) / 1000) },
        }),
      );
      return true;
    } catch (cause) {
      if (isConditionalCheckFailure(cause)) return false;
      throw new AuditWriteError(this.tableName, s.seenBy, `first sighting ${s.sk}`, { cause });
    }
  }

  async deactivated(d: Deactivation): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: deactivationSchema.parse(d), ConditionExpression: 'attribute_not_exists(runId)' }));
    } catch (cause) {
      if (!isConditionalCheckFailure(cause)) throw new AuditWriteError(this.tableName, d.deactivatedBy, `deactivation of ${d.accessKeyId}`, { cause });
    }
  }

  async deactivationsSince(accountId: string, since: string, now: string): Promise<Deactivation[]> {
    const nowSec = Math.floor(Date.parse(now) / 1000);
    const from = new Date(Date.parse(since)).toISOString();
    return (await this.memory(accountId, 'off'))
      .filter(([atAndKey]) => atAndKey >= from)
      .map(([, item]) => {
        const parsed = deactivationSchema.safeParse(item);
        if (!parsed.success) throw new AuditReadError(this.tableName, memoryPartition(accountId), { cause: parsed.error });
        return parsed.data;
      })
      .filter((d) => d.ttl > nowSec);
  }

  rememberVersion(v: SecretVersionDate): Promise<void> {
    return this.rememberVersions([v]);
  }

  /** Up to 100 per TransactWriteItems call, each only where none in force is on record (an expired one is replaced). */
  async rememberVersions(vs: readonly SecretVersionDate[]): Promise<void> {
    const writes: ConditionalWrite[] = vs.map((v) => ({
      key: v.sk,
      action: {
        Put: {
          TableName: this.tableName,
          Item: secretVersionSchema.parse(v),
          // Only an expired entry (TTL not yet applied) is replaced; one in force is never changed.
          ConditionExpression: 'attribute_not_exists(runId) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(Date.parse(v.rememberedAt) / 1000) },
        },
      },
    }));
    const outcomes = await writeConditionally(this.doc, writes, { single: this.putAlone });
    const failed = outcomes.findIndex((o) => o.status === 'failed');
    if (failed >= 0) {
      const o = outcomes[failed] as Extract<(typeof outcomes)[number], { status: 'failed' }>;
      throw new AuditWriteError(this.tableName, vs[failed]!.rememberedBy, `secret version ${vs[failed]!.sk}`, { cause: o.cause });
    }
  }

  sentWarnings(accountId: string, now: string): Promise<Set<string>> {
    return this.onRecord(accountId, 'warn', now);
  }

  warningsSent(accountId: string, ids: readonly string[], at: string): Promise<string[]> {
    return this.rememberOnce(ids, (id) => warningKey(accountId, id), at, WARNING_TTL_DAYS);
  }

  reported(accountId: string, now: string): Promise<Set<string>> {
    return this.onRecord(accountId, 'plan', now);
  }

  rememberReported(accountId: string, ids: readonly string[], at: string): Promise<string[]> {
    return this.rememberOnce(ids, (id) => reportedKey(accountId, id), at, REPORTED_TTL_DAYS);
  }

  /** Ids of one kind of `{ sentAt, ttl }` memory item in force at `now`; one that does not parse is not on record (at least once). */
  private async onRecord(accountId: string, kind: 'warn' | 'plan', now: string): Promise<Set<string>> {
    const nowSec = Math.floor(Date.parse(now) / 1000);
    const ids = new Set<string>();
    for (const [id, item] of await this.memory(accountId, kind)) {
      const parsed = rememberedSchema.safeParse(item);
      if (parsed.success && parsed.data.ttl > nowSec) ids.add(id);
    }
    return ids;
  }

  /** Puts one `{ sentAt, ttl }` memory item per id unless one is there; returns the ids not stored. */
  private async rememberOnce(ids: readonly string[], key: (id: string) => { runId: string; sk: string }, at: string, days: number): Promise<string[]> {
    const writes: ConditionalWrite[] = ids.map((id) => ({
      key: id,
      action: { Put: { TableName: this.tableName, Item: { ...key(id), sentAt: at, ttl: ttlAfter(at, days) }, ConditionExpression: 'attribute_not_exists(runId)' } },
    }));
    const outcomes = await writeConditionally(this.doc, writes, { single: this.putAlone });
    return ids.filter((_, i) => outcomes[i]!.status === 'failed');
  }

  async creators(accountId: string, now: string): Promise<Map<string, string>> {
    const nowSec = Math.floor(Date.parse(now) / 1000);
    const out = new Map<string, string>();
    for (const [principal, item] of await this.memory(accountId, 'by')) {
      const parsed = creatorSchema.safeParse(item);
      if (parsed.success && parsed.data.ttl > nowSec) out.set(principal, parsed.data.creator);
    }
    return out;
  }

  async rememberedVersions(accountId: string, now: string): Promise<Map<string, SecretVersionDate>> {
    const nowSec = Math.floor(Date.parse(now) / 1000);
    const out = new Map<string, SecretVersionDate>();
    for (const [version, item] of await this.memory(accountId, 'ver')) {
      const parsed = secretVersionSchema.safeParse(item);
      if (parsed.success && parsed.data.ttl > nowSec) out.set(version, parsed.data);
    }
    return out;
  }

  /**
   * The items of one kind in the account's memory, by what they are about, from one read of the
   * memory partition per instance (a failed read is not kept: the next one tries again).
   */
  private async memory(accountId: string, kind: MemoryKind): Promise<[string, Record<string, unknown>][]> {
    let items = this.memories.get(accountId);
    if (!items) {
      items = this.partition(memoryPartition(accountId));
      this.memories.set(accountId, items);
      items.catch(() => this.memories.delete(accountId));
    }
    const out: [string, Record<string, unknown>][] = [];
    for (const item of await items) {
      const id = typeof item.sk === 'string' ? memoryId(kind, item.sk) : undefined;
      if (id !== undefined) out.push([id, item]);
    }
    return out;
  }

  /** A conditional Put sent alone (a lone write, or one a transaction could not carry): sent here, where its table's PutItem is granted. */
  protected readonly putAlone = ({ action }: ConditionalWrite) => this.doc.send(new PutCommand(action.Put!));

  /** Every item of one partition, all pages, read consistently. */
  protected async partition(runId: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
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
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
