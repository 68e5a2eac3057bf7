import { BatchGetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeConditionally, type ConditionalWrite, type WriteOutcome } from '../aws/conditional-batch';
import type { Finding } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import type { AwsSecurityFinding } from './asff-schema';
import {
  archivedExpiry,
  BY_ACCOUNT_STATE,
  fingerprint,
  INVENTORY_PARTS,
  inventoryParts,
  nextUpdatedAt,
  parseLedgerItem,
  toLedgerItem,
  type InventoryPart,
  type LedgerEntry,
} from './ledger-table';
import { systemClock, type Clock } from './rate-limit';
import { findingPrincipal, inScope, loweringReason, mayLower, entryPrincipal, type ReadAuthority } from './read-authority';
import { ForeignAccountError, LedgerError } from './sink-errors';

/**
 * Why a finding goes to Security Hub this sweep: never seen (`new`), seen but its content changed
 * (`changed`), unchanged but last imported more than `refreshAfterDays` ago (`refresh`, because Security
 * Hub deletes findings not updated for 90 days), or cleared before and back again (`reopened`).
 */
export type ImportReason = 'new' | 'changed' | 'refresh' | 'reopened';

/** One finding to import, with the timestamps its ASFF copy must carry. */
export interface ImportItem {
  finding: Finding;
  reason: ImportReason;
  /** ASFF CreatedAt: kept across sweeps while the finding stays ACTIVE; a re-opened finding starts anew. */
  firstSeen: string;
  /** ASFF UpdatedAt: strictly later than the previous import of this id. */
  updatedAt: string;
  fingerprint: string;
  previous?: LedgerEntry;
}

/** A finding Tally's own action closed in this run: imported ARCHIVED, naming the action. */
export interface CloseItem extends Omit<ImportItem, 'reason'> {
  actionId: string;
}

/** What one sweep must send to Security Hub. */
export interface SyncPlan {
  accountId: string;
  now: string;
  toImport: ImportItem[];
  /** Findings the run's actions closed (open or never imported): imported ARCHIVED with the action id. */
  toClose: CloseItem[];
  /** ACTIVE entries whose finding is gone: re-import as ARCHIVED. */
  toArchive: LedgerEntry[];
  unchanged: number;
  /**
   * ACTIVE entries whose finding is gone but kept open: their inventory part was not read, the read
   * was partial, or an unreadable approval names their principal.
   */
  held: LedgerEntry[];
  /** Findings whose import would lower an open finding, which this read may not do (see {@link ReadAuthority}). */
  withheld: { findingId: string; reason: string }[];
}

export interface PlanOptions extends ReadAuthority {
  /** @default 30 */
  refreshAfterDays?: number;
  /**
   * Keys Tally's actions deactivated, by resource id (or one finding, by finding id), with the action's
   * id: their findings in the result are closed (imported ARCHIVED), and their open entries archived, naming the action.
   */
  closedBy?: ReadonlyMap<string, string>;
  /** The account's open entries when the run read them already ({@link FindingsLedger.load}): not read again. */
  open?: readonly LedgerEntry[];
}

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

const MS_PER_DAY = 86_400_000;
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

  /** Decides what this sweep imports, archives and leaves alone. Reads the ledger, writes nothing. */
  async plan(result: ReconcileResult, now: string, options: PlanOptions = {}): Promise<SyncPlan> {
    const { accountId } = result;
    const refreshMs = (options.refreshAfterDays ?? 30) * MS_PER_DAY;
    const nowMs = Date.parse(now);
    const findings = new Map<string, Finding>();
    for (const f of result.findings) {
      if (f.accountId !== accountId) throw new ForeignAccountError(f.id, accountId, f.accountId);
      if (!findings.has(f.id)) findings.set(f.id, f);
    }
    const open = new Map((options.open ?? (await this.load(accountId))).map((e) => [e.findingId, e]));
    const known = await this.get([...findings.keys()].filter((id) => !open.has(id)), now);

    const toImport: ImportItem[] = [];
    const toClose: CloseItem[] = [];
    const withheld: SyncPlan['withheld'] = [];
    let unchanged = 0;
    for (const f of findings.values()) {
      const previous = open.get(f.id) ?? known.get(f.id);
      const fp = fingerprint(f);
      const base = (firstSeen: string): Omit<ImportItem, 'reason'> => ({
        finding: f,
        firstSeen,
        updatedAt: nextUpdatedAt(previous?.updatedAt, now),
        fingerprint: fp,
        ...(previous ? { previous } : {}),
      });
      const item = (reason: ImportReason, firstSeen: string): ImportItem => ({ ...base(firstSeen), reason });
      const closedBy = options.closedBy?.get(f.id) ?? options.closedBy?.get(f.resource.id);
      // Closing is a lowering: only a read that may lower this principal's findings closes one.
      if (closedBy !== undefined && mayLower(options, findingPrincipal(f))) {
        if (previous?.state === 'ARCHIVED') unchanged += 1;
        else toClose.push({ ...base(previous?.firstSeen ?? now), actionId: closedBy });
        continue;
      }
      const lowering = previous?.state === 'ACTIVE' && previous.fingerprint !== fp ? loweringReason(previous, f) : undefined;
      if (!previous) toImport.push(item('new', now));
      else if (previous.state === 'ARCHIVED') toImport.push(item('reopened', now));
      else if (lowering && !mayLower(options, findingPrincipal(f))) withheld.push({ findingId: f.id, reason: lowering });
      else if (previous.fingerprint !== fp) toImport.push(item('changed', previous.firstSeen));
      else if (nowMs - Date.parse(previous.lastImportedAt) >= refreshMs) toImport.push(item('refresh', previous.firstSeen));
      else unchanged += 1;
    }

    const unread = unreadParts(result.incomplete);
    const keysUnread = new Set(result.keysUnread);
    const toArchive: LedgerEntry[] = [];
    const held: LedgerEntry[] = [];
    for (const e of open.values()) {
      if (findings.has(e.findingId) || e.accountId !== accountId || !inScope(options, e)) continue;
      // A part that was not read, or a read that may not lower, must not look like a fix: keep the
      // finding open. Likewise the key findings of a user the credential report does not show yet.
      const keysOfUnreadUser = e.parts.includes('credentialReport') && keysUnread.has(entryPrincipal(e));
      if (e.parts.some((p) => unread.has(p)) || keysOfUnreadUser || !mayLower(options, entryPrincipal(e))) held.push(e);
      else toArchive.push(e);
    }
    return { accountId, now, toImport, toClose, toArchive, unchanged, held, withheld };
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

/** Parts not read; an unknown name counts as every part, so nothing is archived on a guess. */
function unreadParts(incomplete: string[]): Set<InventoryPart> {
  const known = new Set<string>(INVENTORY_PARTS);
  if (incomplete.some((p) => !known.has(p))) return new Set(INVENTORY_PARTS);
  return new Set(incomplete as InventoryPart[]);
}

/** The entry to commit after `item` was imported with `asff`. */
export function importedEntry(item: Omit<ImportItem, 'reason'>, asff: AwsSecurityFinding, now: string): LedgerEntry {
  const f = item.finding;
  return {
    findingId: f.id,
    accountId: f.accountId,
    type: f.type,
    resourceId: f.resource.id,
    principalArn: findingPrincipal(f),
    parts: inventoryParts(f),
    fingerprint: item.fingerprint,
    state: 'ACTIVE',
    firstSeen: item.firstSeen,
    lastSeen: now,
    lastImportedAt: now,
    updatedAt: item.updatedAt,
    asff,
  };
}

/** The entry to commit after `item`, closed by an action, was imported ARCHIVED as `asff`. */
export function closedEntry(item: CloseItem, asff: AwsSecurityFinding, now: string): LedgerEntry {
  return archivedEntry(importedEntry(item, asff, now), asff, now);
}

/** The entry to commit after the ARCHIVED copy `asff` of `entry` was imported. */
export function archivedEntry(entry: LedgerEntry, asff: AwsSecurityFinding, now: string): LedgerEntry {
  return { ...entry, state: 'ARCHIVED', lastImportedAt: now, updatedAt: asff.UpdatedAt, asff, archivedAt: now, expiresAt: archivedExpiry(now) };
}
