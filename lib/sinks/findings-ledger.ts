import { BatchGetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { writeConditionally, type ConditionalWrite, type WriteOutcome } from '../aws/conditional-batch';
import type { ReconcileResult } from '../core/result';
import { FILLED_MARKER, filledMarker, parseOpenSummary } from './ledger-open-index';
import { BY_ACCOUNT_STATE, OPEN_BY_PRINCIPAL, parseLedgerItem, toLedgerItem, type LedgerEntry, type LedgerSummary } from './ledger-table';
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
/** What an entry written before the open index lacks to be in it (`principalArn` too, before that was stored). */
const FILLED_ATTRIBUTES = ['openPrincipal', 'principalArn', 'severity', 'privileged', 'exempt'] as const;
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

  /**
   * The ACTIVE (open) entries of one account, or of one `principal` (matched exactly), as the
   * `openByPrincipal` index summarises them. An account's first read fills the index in: entries
   * written before it existed are read whole from `byAccountState` once, given their index
   * attributes (each only if unchanged since read), and a marker records that it is done.
   */
  async load(accountId: string, principal?: string, now = new Date(this.clock.now()).toISOString()): Promise<LedgerSummary[]> {
    const values: Record<string, unknown> = { ':a': accountId, ...(principal !== undefined ? { ':p': principal } : {}) };
    const items = await this.query(accountId, {
      IndexName: OPEN_BY_PRINCIPAL,
      KeyConditionExpression: principal !== undefined ? 'accountId = :a AND openPrincipal = :p' : 'accountId = :a',
      ExpressionAttributeValues: values,
    });
    const filled = items.some((i) => i['openPrincipal'] === FILLED_MARKER);
    const open = items.filter((i) => i['openPrincipal'] !== FILLED_MARKER).map((i) => this.parse(i, parseOpenSummary));
    if (principal !== undefined || filled) return open;
    return [...open, ...(await this.fillIndex(accountId, new Set(open.map((e) => e.findingId)), now))];
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
          const e = this.parse(item, parseLedgerItem);
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

  /**
   * Decides what this sweep imports, archives and leaves alone ({@link planSync}, which refuses
   * another account's finding), then reads whole the entries to archive. An entry that changed
   * since the summary was read (a concurrent run) is not archived by this plan: the next decides.
   * Writes nothing but what {@link load} fills in.
   */
  async plan(result: ReconcileResult, now: string, options: PlanOptions = {}): Promise<SyncPlan> {
    const ids = new Set(result.findings.map((f) => f.id));
    const open = options.open ?? (await this.load(result.accountId, options.principal, now));
    const openIds = new Set(open.map((e) => e.findingId));
    const known = await this.get([...ids].filter((id) => !openIds.has(id)), now);
    const plan = planSync(result, now, open, known, options);
    const whole = plan.toArchive.length > 0 ? await this.get(plan.toArchive.map((e) => e.findingId), now) : new Map<string, LedgerEntry>();
    const toArchive = plan.toArchive.flatMap((e) => {
      const w = whole.get(e.findingId);
      return w?.state === 'ACTIVE' && w.updatedAt === e.updatedAt ? [w] : [];
    });
    return { ...plan, toArchive };
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

  /** A conditional Put or Update sent alone (a lone write, or one a transaction could not carry): sent here, where its table's PutItem and UpdateItem are granted. */
  private readonly putAlone = ({ action }: ConditionalWrite): Promise<unknown> => (action.Put ? this.client.send(new PutCommand(action.Put)) : this.client.send(new UpdateCommand(action.Update!)));

  /** Every item of one paged Query of an index of the account. */
  private async query(accountId: string, input: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'>): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client
        .send(new QueryCommand({ TableName: this.tableName, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }))
        .catch((cause: unknown) => {
          throw new LedgerError('load', this.tableName, `query of ${input.IndexName} for account ${accountId}`, { cause, accountId });
        });
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Gives the account's ACTIVE entries that are not in the open index (`indexed`: written before
   * it existed) their index attributes, each only if unchanged since read, then writes the marker.
   * Returns them. A refused write means another run rewrote the entry, which puts it in the index.
   */
  private async fillIndex(accountId: string, indexed: ReadonlySet<string>, now: string): Promise<LedgerEntry[]> {
    const active = await this.query(accountId, {
      IndexName: BY_ACCOUNT_STATE,
      KeyConditionExpression: 'accountId = :a AND #state = :s',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':a': accountId, ':s': 'ACTIVE' },
    });
    const legacy = active.map((i) => this.parse(i, parseLedgerItem)).filter((e) => !indexed.has(e.findingId));
    const writes: ConditionalWrite[] = legacy.map((e) => {
      const item = toLedgerItem(e);
      const names = FILLED_ATTRIBUTES;
      return {
        key: e.findingId,
        action: {
          Update: {
            TableName: this.tableName,
            Key: { findingId: e.findingId },
            UpdateExpression: `SET ${names.map((n) => `${n} = :${n}`).join(', ')}`,
            ConditionExpression: 'updatedAt = :u',
            ExpressionAttributeValues: { ...Object.fromEntries(names.map((n) => [`:${n}`, item[n]])), ':u': e.updatedAt },
          },
        },
      };
    });
    const outcomes = await writeConditionally(this.client, writes, { concurrency: PUT_CONCURRENCY, single: this.putAlone });
    const failed = outcomes.findIndex((o) => o.status === 'failed');
    if (failed >= 0) {
      const { findingId } = legacy[failed]!;
      throw new LedgerError('load', this.tableName, `filling the open index in: update of ${findingId}`, { cause: (outcomes[failed] as { cause: unknown }).cause, accountId, findingId });
    }
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: filledMarker(accountId, now, legacy.length) })).catch((cause: unknown) => {
      throw new LedgerError('load', this.tableName, `marker of account ${accountId}`, { cause, accountId });
    });
    return legacy;
  }

  private parse<T>(item: Record<string, unknown>, parse: (item: Record<string, unknown>) => T): T {
    try {
      return parse(item);
    } catch (cause) {
      const findingId = typeof item['findingId'] === 'string' ? item['findingId'] : undefined;
      throw new LedgerError('parse', this.tableName, `malformed entry ${findingId ?? '<no findingId>'}`, { cause, ...(findingId ? { findingId } : {}) });
    }
  }
}
