import { BatchGetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeConditionally, type ConditionalWrite, type WriteOutcome } from '../aws/conditional-batch';
import type { ReconcileResult } from '../core/result';
import { BY_ACCOUNT_STATE, parseLedgerItem, toLedgerItem, type LedgerEntry } from './ledger-table';
import { systemClock, type Clock } from './rate-limit';
import { LedgerError } from './sink-errors';
import { planSync, type PlanOptions, type SyncPlan } from './sync-plan';

export { archivedEntry, closedEntry, importedEntry, planSync, type CloseItem, type ImportItem, type ImportReason, type PlanOptions, type SyncPlan } from './sync-plan';

export interface CommitResult {
  written: number;
  /** Entries not written because the ledger already held a later UpdatedAt (a concurrent sweep). */
  superseded: string[];
}

export interface FindingsLedgerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** For the backoff on BatchGet UnprocessedKeys. @default systemClock */
  clock?: Clock;
}

/** A fingerprint no finding has: the entry's finding is announced again as changed. */
const UNANNOUNCED = '0'.repeat(64);
const BATCH_GET_MAX = 100;
const PUT_CONCURRENCY = 10;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The findings ledger in DynamoDB (table design: {@link LEDGER_TABLE}). It, not GetFindings (eventually
 * consistent), is the record of what Security Hub holds, so a sweep imports only what is new, changed
 * or due for a refresh, and archives what cleared.
 */
export class FindingsLedger {
  private readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: FindingsLedgerOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** The ACTIVE (open) entries of one account, through the `byAccountState` index. */
  async load(accountId: string): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client
        .send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: BY_ACCOUNT_STATE,
            KeyConditionExpression: 'accountId = :a AND #state = :s',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':a': accountId, ':s': 'ACTIVE' },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        )
        .catch((cause: unknown) => {
          throw new LedgerError('load', this.tableName, `query of account ${accountId}`, { cause, accountId });
        });
      for (const item of page.Items ?? []) out.push(this.parse(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Entries by finding id (consistent reads). ARCHIVED entries past their TTL are left out: DynamoDB
   * deletes expired items lazily, up to days later.
   */
  async get(findingIds: string[], now = new Date(this.clock.now()).toISOString()): Promise<Map<string, LedgerEntry>> {
    const out = new Map<string, LedgerEntry>();
    const nowSec = Math.floor(Date.parse(now) / 1000);
    for (const ids of chunk([...new Set(findingIds)], BATCH_GET_MAX)) {
      let keys: Record<string, unknown>[] = ids.map((findingId) => ({ findingId }));
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt > 0) await this.clock.sleep(Math.min(50 * 2 ** attempt, 2_000));
        const res = await this.client
          .send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }))
          .catch((cause: unknown) => {
            throw new LedgerError('get', this.tableName, `batch get of ${keys.length} entries`, { cause });
          });
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const e = this.parse(item);
          if (e.expiresAt === undefined || e.expiresAt > nowSec) out.set(e.findingId, e);
        }
        keys = res.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (keys.length > 0 && attempt >= 8) {
          throw new LedgerError('get', this.tableName, `${keys.length} keys still unprocessed after ${attempt + 1} attempts`, { cause: undefined });
        }
      }
    }
    return out;
  }

  /** Decides what this sweep imports, archives and leaves alone ({@link planSync}, which refuses another account's finding). Reads the ledger, writes nothing. */
  async plan(result: ReconcileResult, now: string, options: PlanOptions = {}): Promise<SyncPlan> {
    const ids = new Set(result.findings.map((f) => f.id));
    const open = options.open ?? (await this.load(result.accountId));
    const openIds = new Set(open.map((e) => e.findingId));
    const known = await this.get([...ids].filter((id) => !openIds.has(id)), now);
    return planSync(result, now, open, known, options);
  }

  /**
   * Writes entries, each only if the ledger holds no later UpdatedAt for its id, so a slower
   * concurrent sweep never rolls an entry back. Call it with the entries Security Hub accepted only.
   * Up to 100 entries per TransactWriteItems call (see {@link writeConditionally}), one alone as a
   * PutItem; an entry whose condition fails is `superseded`, the others are written all the same.
   * Throws {@link LedgerError} naming an entry not written for another reason (after writing what it could).
   */
  async commit(entries: LedgerEntry[]): Promise<CommitResult> {
    const writes: ConditionalWrite[] = entries.map((e) => ({
      key: e.findingId,
      action: { Put: { TableName: this.tableName, Item: toLedgerItem(e), ConditionExpression: 'attribute_not_exists(findingId) OR updatedAt < :u', ExpressionAttributeValues: { ':u': e.updatedAt } } },
    }));
    const outcomes = await writeConditionally(this.client, writes, { concurrency: PUT_CONCURRENCY, single: this.putAlone });
    const superseded = entries.filter((_, i) => outcomes[i]!.status === 'refused').map((e) => e.findingId);
    const failed = outcomes.findIndex((o) => o.status === 'failed');
    if (failed >= 0) {
      const { findingId } = entries[failed]!;
      const o = outcomes[failed] as Extract<WriteOutcome, { status: 'failed' }>;
      const detail = o.alone ? `put of ${findingId}` : `transactional put of ${findingId} (${outcomes.filter((x) => x.status === 'failed').length} entries not written)`;
      throw new LedgerError('commit', this.tableName, detail, { cause: o.cause, findingId });
    }
    return { written: outcomes.filter((o) => o.status === 'written').length, superseded };
  }

  /**
   * Entries whose "Tally Finding" event was not delivered, written back so the next plan announces
   * them again: the fingerprint of an open entry is blanked (it comes back `changed`), a cleared one
   * is open again (it is cleared again). Conditional on the entry being as committed. Returns the
   * ids not marked.
   */
  async markUnannounced(entries: readonly LedgerEntry[]): Promise<string[]> {
    const notMarked: string[] = [];
    for (const e of entries) {
      const { archivedAt: _archivedAt, expiresAt: _expiresAt, ...open } = e;
      const marked: LedgerEntry = { ...open, state: 'ACTIVE', fingerprint: UNANNOUNCED };
      try {
        await this.client.send(
          new PutCommand({ TableName: this.tableName, Item: toLedgerItem(marked), ConditionExpression: 'updatedAt = :u', ExpressionAttributeValues: { ':u': e.updatedAt } }),
        );
      } catch {
        notMarked.push(e.findingId);
      }
    }
    return notMarked;
  }

  /** A conditional Put sent alone (a lone write, or one a transaction could not carry): sent here, where its table's PutItem is granted. */
  private readonly putAlone = ({ action }: ConditionalWrite) => this.client.send(new PutCommand(action.Put!));

  private parse(item: Record<string, unknown>): LedgerEntry {
    try {
      return parseLedgerItem(item);
    } catch (cause) {
      const findingId = typeof item['findingId'] === 'string' ? item['findingId'] : undefined;
      throw new LedgerError('parse', this.tableName, `malformed entry ${findingId ?? '<no findingId>'}`, { cause, ...(findingId ? { findingId } : {}) });
    }
  }
}
