import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeConditionally, type ConditionalWrite, type WriteOutcome } from '../aws/conditional-batch';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { forEachLimit } from '../aws/for-each-limit';
import { approvalKey, type Approval } from '../core/approval';
import { fromItem, keptOnReplace, safeApprovalKey, sameTicketContent, toItem, validateApproval, type StoredApproval } from './approval-item';
import { BY_PRINCIPAL_INDEX } from './approval-table';
import type { ApprovalEvidence } from './evidence';
import { evidenceUpdate, type EvidenceResult, type EvidenceWrite, type WrittenEvidence } from './evidence-update';
import {
  ApprovalStoreError,
  InvalidApprovalError,
  StaleApprovalError,
  storeErrorFrom,
  type StoreErrorContext,
} from './store-errors';

export type { StoredApproval } from './approval-item';
export type { EvidenceResult, EvidenceWrite, WrittenEvidence } from './evidence-update';

/** What an import did (or, in a dry run, would do) to one record. */
export type ImportChange = 'created' | 'updated' | 'unchanged';

/** Result of {@link ApprovalStore.importMany}: every input record is counted once, or listed in `failed`. */
export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: { approvalKey: string; error: ApprovalStoreError }[];
  dryRun: boolean;
}

/** Approvals read from the table; items that fail validation are listed apart, never dropped silently. */
export interface ApprovalList {
  approvals: StoredApproval[];
  /** Items that did not validate, with the principal they name when the item or its key tells it. */
  invalid: { approvalKey: string; principal?: string; error: InvalidApprovalError }[];
}

export interface PutOptions {
  /** Write only if the table holds this version (0: only if the record does not exist yet). */
  expectedVersion?: number;
}

export interface ReadOptions {
  /** Items per Scan/Query page (`Limit`); DynamoDB's 1 MB page limit applies regardless. */
  pageSize?: number;
}

/** Attempts of read-compare-write when no version is pinned and a concurrent writer (evidence) got in between. */
const MAX_ATTEMPTS = 3;
const NAMES = { '#version': 'version' };

/**
 * The approvals table (see `APPROVAL_TABLE`) through an injected document client. Validates with
 * `approvalSchema` on the way in and out, writes conditionally on `version`, and turns SDK errors
 * into {@link ApprovalStoreError}s naming the table and key. Holds no reconciliation rules.
 */
export class ApprovalStore {
  readonly concurrency: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    options: { concurrency?: number } = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 10);
  }

  /**
   * Creates or updates one approval (validated first; the error names the field). A new record gets
   * version 1; changed ticket content replaces the record at version + 1 and drops evidence written
   * for the old content but keeps the intake version (`KEPT_ON_REPLACE`); unchanged content is
   * not written (`verifiedAt` is not ticket content, so a re-import keeps a verification). Throws {@link StaleApprovalError} when `expectedVersion` does not hold.
   */
  async put(approval: Approval, options: PutOptions = {}): Promise<StoredApproval> {
    return (await this.save(approval, options.expectedVersion, false)).record;
  }

  /**
   * Idempotent import: new records are created, changed ones updated (version + 1), identical ones
   * left alone; `dryRun` reads but writes nothing. Writes are per-item and conditional (BatchWriteItem
   * cannot be), at most `concurrency` at a time. A record that fails — invalid, in conflict with another
   * record of the same key in the input, or refused by DynamoDB — is listed in `failed`.
   */
  async importMany(approvals: readonly Approval[], options: { dryRun?: boolean } = {}): Promise<ImportSummary> {
    const dryRun = options.dryRun ?? false;
    const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, failed: [], dryRun };
    const failed: { index: number; approvalKey: string; error: ApprovalStoreError }[] = [];
    const first = new Map<string, { index: number; approval: Approval }>();
    approvals.forEach((input, index) => {
      try {
        const approval = validateApproval(input, this.context('PutItem', safeApprovalKey(input, `record #${index + 1}`)));
        const key = approvalKey(approval);
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, { index, approval });
        else if (sameTicketContent(earlier.approval, approval)) summary.unchanged++;
        else {
          const reason = `conflicts with record #${earlier.index + 1} of this import, which has the same key and other content`;
          failed.push({ index, approvalKey: key, error: new ApprovalStoreError(this.context('PutItem', key), reason) });
        }
      } catch (e) {
        const key = safeApprovalKey(input, `record #${index + 1}`);
        failed.push({ index, approvalKey: key, error: storeErrorFrom(e, this.context('PutItem', key)) });
      }
    });
    await forEachLimit([...first], this.concurrency, async ([key, { index, approval }]) => {
      try {
        summary[(await this.save(approval, undefined, dryRun)).change]++;
      } catch (e) {
        failed.push({ index, approvalKey: key, error: storeErrorFrom(e, this.context('PutItem', key)) });
      }
    });
    summary.failed = failed.sort((a, b) => a.index - b.index).map(({ approvalKey: k, error }) => ({ approvalKey: k, error }));
    return summary;
  }

  /** One approval by key (strongly consistent), or undefined; a corrupt item throws {@link InvalidApprovalError}. */
  async get(key: string): Promise<StoredApproval | undefined> {
    const item = await this.getItem(key);
    return item === undefined ? undefined : fromItem(item, this.context('GetItem'));
  }

  /** Every approval in the table (Scan, all pages), for a sweep. */
  async listAll(options: ReadOptions = {}): Promise<ApprovalList> {
    return this.readAll('Scan', (start) =>
      this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: start, Limit: options.pageSize })),
    );
  }

  /** Every approval naming `principal` (Query on the `byPrincipal` index, all pages; eventually consistent). */
  async byPrincipal(principal: string, options: ReadOptions = {}): Promise<ApprovalList> {
    return this.readAll('Query', (start) =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BY_PRINCIPAL_INDEX,
          KeyConditionExpression: '#principal = :principal',
          ExpressionAttributeNames: { '#principal': 'principal' },
          ExpressionAttributeValues: { ':principal': principal },
          ExclusiveStartKey: start,
          Limit: options.pageSize,
        }),
      ),
    );
  }

  /**
   * Writes evidence onto the approval that was checked ({@link evidenceUpdate}): an UpdateItem with
   * `ReturnValues: NONE`, only if the table still holds `expectedVersion`. Otherwise throws
   * {@link StaleApprovalError} with the version the table holds: evidence never lands on a newer approval.
   */
  async writeEvidence(key: string, expectedVersion: number, evidence: ApprovalEvidence, options: { matchedAt?: string } = {}): Promise<WrittenEvidence> {
    const [result] = await this.writeEvidenceMany([{ approvalKey: key, expectedVersion, evidence, ...options }]);
    if ('error' in result!) throw result.error;
    return result!.written;
  }

  /**
   * {@link writeEvidence} for many approvals at once, in TransactWriteItems calls of up to 100 updates
   * (see {@link writeConditionally}), each still conditional on its own version; one write alone is an
   * UpdateItem. Never throws for one write: each result is what `writeEvidence` would have returned or
   * thrown for it (a {@link StaleApprovalError} read back with the version the table holds), in input order.
   * A transactional update names the same attributes as the UpdateItem and no ReturnValuesOnConditionCheckFailure.
   */
  async writeEvidenceMany(writes: readonly EvidenceWrite[]): Promise<EvidenceResult[]> {
    const results: EvidenceResult[] = new Array<EvidenceResult>(writes.length);
    const valid: ({ index: number; write: EvidenceWrite } & ReturnType<typeof evidenceUpdate>)[] = [];
    writes.forEach((write, index) => {
      try {
        valid.push({ index, write, ...evidenceUpdate(this.tableName, write, this.context('UpdateItem', write.approvalKey)) });
      } catch (e) {
        results[index] = { error: storeErrorFrom(e, this.context('UpdateItem', write.approvalKey)) };
      }
    });
    const single = ({ action }: ConditionalWrite) => this.client.send(new UpdateCommand({ ...action.Update!, ReturnValues: 'NONE' }));
    const outcomes = await writeConditionally(this.client, valid.map((v) => v.update), { concurrency: this.concurrency, single });
    const done = valid.map((v, k) => ({ ...v, outcome: outcomes[k]! }));
    await forEachLimit(done, this.concurrency, async (v) => void (results[v.index] = await this.evidenceResult(v.write, v.written, v.outcome)));
    return results;
  }

  private async evidenceResult(write: EvidenceWrite, written: WrittenEvidence, outcome: WriteOutcome): Promise<EvidenceResult> {
    const key = write.approvalKey;
    if (outcome.status === 'written') return { written };
    if (outcome.status === 'failed') return { error: storeErrorFrom(outcome.cause, this.context(outcome.alone ? 'UpdateItem' : 'UpdateItem (in TransactWriteItems)', key)) };
    const current = await this.currentVersion(key).catch((e: unknown) => storeErrorFrom(e, this.context('GetItem', key)));
    if (current instanceof ApprovalStoreError) return { error: current };
    const versions = { expected: write.expectedVersion, ...(current !== undefined ? { current } : {}) };
    return { error: new StaleApprovalError({ ...this.context('UpdateItem', key), approvalKey: key }, versions, { cause: outcome.cause }) };
  }

  private async save(input: Approval, expectedVersion: number | undefined, dryRun: boolean): Promise<{ change: ImportChange; record: StoredApproval }> {
    const approval = validateApproval(input, this.context('PutItem', safeApprovalKey(input, '(invalid record)')));
    const key = approvalKey(approval);
    const context = { ...this.context('PutItem', key), approvalKey: key };
    for (let attempt = 1; ; attempt++) {
      const found = await this.readForWrite(key);
      const currentVersion = found?.version ?? 0;
      if (expectedVersion !== undefined && currentVersion !== expectedVersion) {
        throw new StaleApprovalError(context, { expected: expectedVersion, ...(found ? { current: currentVersion } : {}) });
      }
      if (found?.stored && sameTicketContent(found.stored.approval, approval)) return { change: 'unchanged', record: found.stored };
      const change: ImportChange = found ? 'updated' : 'created';
      const record: StoredApproval = { approvalKey: key, version: currentVersion + 1, approval };
      if (dryRun) return { change, record };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...(found ? found.kept : {}), ...toItem(approval, record.version) },
            ...(found
              ? { ConditionExpression: '#version = :expected', ExpressionAttributeNames: NAMES, ExpressionAttributeValues: { ':expected': currentVersion } }
              : { ConditionExpression: 'attribute_not_exists(approvalKey)' }),
          }),
        );
        return { change, record };
      } catch (e) {
        if (!isConditionalCheckFailure(e)) throw storeErrorFrom(e, context);
        if (expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) {
          const now = await this.currentVersion(key);
          throw new StaleApprovalError(context, { expected: currentVersion, ...(now !== undefined ? { current: now } : {}) }, { cause: e });
        }
      }
    }
  }

  /**
   * The current item for a read-compare-write. A corrupt item whose version is readable is returned
   * without `stored`, so a re-import can repair it; without a readable version it cannot be locked: throw.
   */
  private async readForWrite(key: string): Promise<{ version: number; kept: Record<string, unknown>; stored?: StoredApproval } | undefined> {
    const item = await this.getItem(key);
    if (item === undefined) return undefined;
    const kept = keptOnReplace(item);
    try {
      const stored = fromItem(item, this.context('GetItem'));
      return { version: stored.version, kept, stored };
    } catch (e) {
      if (typeof item.version === 'number' && Number.isInteger(item.version) && item.version > 0) return { version: item.version, kept };
      throw e;
    }
  }

  private async getItem(key: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { approvalKey: key }, ConsistentRead: true }));
      return out.Item;
    } catch (e) {
      throw storeErrorFrom(e, this.context('GetItem', key));
    }
  }

  private async currentVersion(key: string): Promise<number | undefined> {
    const version = (await this.getItem(key))?.version;
    return typeof version === 'number' ? version : undefined;
  }

  private async readAll(
    operation: 'Scan' | 'Query',
    page: (start: Record<string, unknown> | undefined) => Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }>,
  ): Promise<ApprovalList> {
    const list: ApprovalList = { approvals: [], invalid: [] };
    let start: Record<string, unknown> | undefined;
    do {
      let out: Awaited<ReturnType<typeof page>>;
      try {
        out = await page(start);
      } catch (e) {
        throw storeErrorFrom(e, this.context(operation));
      }
      for (const item of out.Items ?? []) {
        try {
          list.approvals.push(fromItem(item, this.context(operation)));
        } catch (e) {
          if (!(e instanceof InvalidApprovalError)) throw e;
          const approvalKey = e.approvalKey ?? '(unknown)';
          const principal = namedPrincipal(item, approvalKey);
          list.invalid.push({ approvalKey, ...(principal ? { principal } : {}), error: e });
        }
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return list;
  }

  private context(operation: string, approvalKey?: string): StoreErrorContext {
    return { table: this.tableName, operation, ...(approvalKey !== undefined ? { approvalKey } : {}) };
  }
}

/**
 * The principal an unreadable item names: its `principal` attribute (the `byPrincipal` index key),
 * else the ARN in its key `ticket|principal|kind|target`.
 */
function namedPrincipal(item: Record<string, unknown>, approvalKey: string): string | undefined {
  if (typeof item.principal === 'string' && item.principal !== '') return item.principal;
  return approvalKey.split('|').find((part) => part.startsWith('arn:'));
}
