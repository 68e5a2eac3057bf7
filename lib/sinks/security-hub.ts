import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { isEvidence } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import { toAsff, type AsffContext } from './asff';
import { toBatches } from './asff-batches';
import { asffFindingSchema, type AwsSecurityFinding } from './asff-schema';
import { archivedEntry, closedEntry, importedEntry, type FindingsLedger, type ImportReason, type SyncPlan } from './findings-ledger';
import { nextUpdatedAt, type LedgerEntry, type LedgerSummary } from './ledger-table';
import { RateLimiter, systemClock, type Clock } from './rate-limit';
import type { ReadAuthority } from './read-authority';
import { ForeignAccountError, SecurityHubImportError } from './sink-errors';

/** A finding Security Hub did not accept (or Tally did not send), reported instead of dropped. */
export interface FailedFinding {
  id: string;
  /** `close`: an import ARCHIVED of a finding Tally's own action closed in this run. */
  action: 'import' | 'archive' | 'close';
  /** Security Hub's ErrorCode; `InvalidAsff` when Tally's own validation stopped it before sending, `Unconfirmed` when the response did not say. */
  errorCode: string;
  errorMessage: string;
}

/** What one sync did. Failed findings are not committed to the ledger, so the next sweep retries them. */
export interface SyncReport {
  accountId: string;
  imported: number;
  byReason: Record<ImportReason, number>;
  archived: number;
  /** Findings closed because Tally deactivated their key, ARCHIVED with `tally/closedByAction` (not counted in `archived`). */
  closed: number;
  unchanged: number;
  /** Open findings that disappeared but were kept open: their part was not read, or the read may not archive them. */
  held: number;
  /** Findings not sent because they would lower an open finding this read may not lower (ids and why). */
  withheld: SyncPlan['withheld'];
  failed: FailedFinding[];
  /** BatchImportFindings calls made, retries included. */
  calls: number;
  /** What Security Hub accepted that a consumer has not heard of: new, changed and re-opened findings (not refreshes), by id, with the entry committed. */
  changes: Map<string, { change: FindingChange; entry: LedgerEntry }>;
  /** Ledger entries of the findings accepted as cleared (ARCHIVED because gone, not closed by an action). */
  cleared: LedgerEntry[];
  /** Ledger entries a concurrent sweep had already moved past (see FindingsLedger.commit). */
  superseded: string[];
}

/** How a finding changed since the last complete publication ("Tally Finding" `change`). */
export type FindingChange = 'new' | 'changed' | 'reopened';

/** Progress of a sync, for a logger or the CLI's stderr. */
export interface SyncProgress {
  phase: 'planned' | 'batch' | 'done';
  message: string;
  done: number;
  total: number;
}

export interface SecurityHubSinkOptions {
  client: SecurityHubClient;
  ledger: FindingsLedger;
  ctx: AsffContext;
  /**
   * The account the client's credentials act in (STS GetCallerIdentity). With the default product ARN
   * BatchImportFindings only accepts findings whose AwsAccountId is that account.
   */
  accountId: string;
  /** @default 30 */
  refreshAfterDays?: number;
  /** Attempts per finding that comes back in FailedFindings, the first included. @default 3 */
  maxAttempts?: number;
  /** Wait before the second attempt, doubled for each further one. @default 500 */
  backoffMs?: number;
  /** @default 10 calls per second, burst 1 (the BatchImportFindings quota) */
  limiter?: RateLimiter;
  /** For the retry backoff and the default limiter. @default systemClock */
  clock?: Clock;
  onProgress?: (progress: SyncProgress) => void;
}

/** `result` without evidence findings (RECONCILED, DEPROVISIONED): what Security Hub is given. */
export function withoutEvidence(result: ReconcileResult): ReconcileResult {
  return { ...result, findings: result.findings.filter((f) => !isEvidence(f.type)) };
}

/** `result` without the findings a sync withheld: what may be published elsewhere (EventBridge) after it. */
export function withoutWithheld(result: ReconcileResult, sync: Pick<SyncReport, 'withheld'> | undefined): ReconcileResult {
  if (!sync?.withheld.length) return result;
  const withheld = new Set(sync.withheld.map((w) => w.findingId));
  return { ...result, findings: result.findings.filter((f) => !withheld.has(f.id)) };
}

/** The closing copy of an imported finding; Workflow and Note are customer-owned and stripped, never set. */
export function toArchivedAsff(previous: AwsSecurityFinding, updatedAt: string): AwsSecurityFinding {
  const { Workflow: _workflow, Note: _note, ...rest } = previous;
  return { ...rest, UpdatedAt: updatedAt, RecordState: 'ARCHIVED', Compliance: { ...previous.Compliance, Status: 'PASSED' } };
}

/** The product field naming the action (its "Tally Action Executed" event id) that closed a finding. */
export const CLOSED_BY_ACTION = 'tally/closedByAction';

/** A finding as read, closed by Tally's own action `actionId` in the same run. */
export function toClosedByActionAsff(current: AwsSecurityFinding, actionId: string): AwsSecurityFinding {
  return toArchivedAsff({ ...current, ProductFields: { ...current.ProductFields, [CLOSED_BY_ACTION]: actionId } }, current.UpdatedAt);
}

interface Outgoing {
  doc: AwsSecurityFinding;
  action: FailedFinding['action'];
  entry: LedgerEntry;
}

interface BatchOutcome {
  accepted: Outgoing[];
  failed: FailedFinding[];
}

/**
 * Publishes a reconcile result to Security Hub through the findings ledger: new, changed and
 * refresh-due findings are imported, cleared ones re-imported ARCHIVED with Compliance PASSED, within
 * the API's batch, size and rate limits. The ledger is updated only for what Security Hub accepted.
 */
export class SecurityHubSink {
  private readonly o: SecurityHubSinkOptions;
  private readonly limiter: RateLimiter;
  private readonly clock: Clock;

  constructor(options: SecurityHubSinkOptions) {
    this.o = options;
    this.clock = options.clock ?? systemClock;
    this.limiter = options.limiter ?? new RateLimiter({ ratePerSecond: 10, burst: 1, clock: this.clock });
  }

  /**
   * Syncs one account's result at `now` (ISO instant), read under `authority` (a complete read
   * unless told otherwise: see {@link ReadAuthority}). `closedBy` names the keys Tally's own actions
   * deactivated (resource id → action id): their findings go in ARCHIVED, naming the action. `open`:
   * the account's open ledger entries when the run read them already. Throws {@link ForeignAccountError} before any
   * call when a finding is not of the client's account, and {@link SecurityHubImportError} when a
   * call fails as a whole (after committing what earlier batches imported).
   */
  async sync(result: ReconcileResult, now: string, authority: ReadAuthority = {}, closedBy?: ReadonlyMap<string, string>, open?: readonly LedgerSummary[]): Promise<SyncReport> {
    const { accountId } = this.o;
    if (result.accountId !== accountId) throw new ForeignAccountError(result.findings[0]?.id ?? '(result)', accountId, result.accountId);
    for (const f of result.findings) if (f.accountId !== accountId) throw new ForeignAccountError(f.id, accountId, f.accountId);

    const plan = await this.o.ledger.plan(result, now, {
      ...(this.o.refreshAfterDays !== undefined ? { refreshAfterDays: this.o.refreshAfterDays } : {}),
      ...authority,
      ...(closedBy ? { closedBy } : {}),
      ...(open ? { open } : {}),
    });
    const outgoing: Outgoing[] = [
      ...plan.toImport.map((item) => {
        const doc = toAsff(item.finding, this.o.ctx, { createdAt: item.firstSeen, updatedAt: item.updatedAt });
        return { doc, action: 'import' as const, entry: importedEntry(item, doc, now) };
      }),
      ...plan.toClose.map((item) => {
        const doc = toClosedByActionAsff(toAsff(item.finding, this.o.ctx, { createdAt: item.firstSeen, updatedAt: item.updatedAt }), item.actionId);
        return { doc, action: 'close' as const, entry: closedEntry(item, doc, now) };
      }),
      ...plan.toArchive.map((e) => {
        const by = closedBy?.get(e.resourceId);
        const previous = by === undefined ? e.asff : { ...e.asff, ProductFields: { ...e.asff.ProductFields, [CLOSED_BY_ACTION]: by } };
        const doc = toArchivedAsff(previous, nextUpdatedAt(e.updatedAt, now));
        return { doc, action: by === undefined ? ('archive' as const) : ('close' as const), entry: archivedEntry(e, doc, now) };
      }),
    ];
    for (const out of outgoing) {
      if (out.doc.AwsAccountId !== accountId) throw new ForeignAccountError(out.doc.Id, accountId, out.doc.AwsAccountId);
    }

    const report: SyncReport = {
      accountId,
      imported: 0,
      byReason: { new: 0, changed: 0, refresh: 0, reopened: 0 },
      archived: 0,
      closed: 0,
      unchanged: plan.unchanged,
      held: plan.held.length,
      withheld: plan.withheld,
      failed: [],
      calls: 0,
      superseded: [],
      changes: new Map(),
      cleared: [],
    };
    const valid: Outgoing[] = [];
    for (const out of outgoing) {
      const parsed = asffFindingSchema.safeParse(out.doc);
      if (parsed.success) valid.push(out);
      else report.failed.push({ id: out.doc.Id, action: out.action, errorCode: 'InvalidAsff', errorMessage: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }

    const byId = new Map(valid.map((o) => [o.doc.Id, o]));
    const reasons = new Map(plan.toImport.map((i) => [i.finding.id, i.reason]));
    const batches = toBatches(valid.map((o) => o.doc)).map((docs) => docs.map((d) => byId.get(d.Id)!));
    this.progress('planned', `${valid.length} to send in ${batches.length} batches (${plan.toClose.length} closed by this run's actions), ${plan.unchanged} unchanged, ${plan.held.length} held, ${plan.withheld.length} withheld`, 0, batches.length);

    for (const [index, batch] of batches.entries()) {
      let outcome: BatchOutcome;
      try {
        outcome = await this.sendBatch(batch, report);
      } catch (cause) {
        const notImported = batches.slice(index).flatMap((b) => b.map((o) => o.doc.Id));
        throw new SecurityHubImportError(accountId, index, notImported, { cause });
      }
      const committed = await this.o.ledger.commit(outcome.accepted.map((o) => o.entry));
      report.superseded.push(...committed.superseded);
      for (const o of outcome.accepted) {
        if (o.action === 'archive') {
          report.archived += 1;
          report.cleared.push(o.entry);
        } else if (o.action === 'close') report.closed += 1;
        else {
          const reason = reasons.get(o.doc.Id) ?? 'new';
          report.imported += 1;
          report.byReason[reason] += 1;
          if (reason !== 'refresh') report.changes.set(o.doc.Id, { change: reason, entry: o.entry });
        }
      }
      report.failed.push(...outcome.failed);
      this.progress('batch', `batch ${index + 1}/${batches.length}: ${outcome.accepted.length} accepted, ${outcome.failed.length} failed`, index + 1, batches.length);
    }
    this.progress('done', `imported ${report.imported}, archived ${report.archived}, closed by action ${report.closed}, failed ${report.failed.length}, ${report.calls} calls`, batches.length, batches.length);
    return report;
  }

  /**
   * One batch with retries of the findings Security Hub rejects. A response whose counts do not add up
   * cannot say which findings went in, so the unlisted ones are sent again (same Id and UpdatedAt: a
   * duplicate is harmless) and reported as `Unconfirmed` if they never are.
   */
  private async sendBatch(batch: Outgoing[], report: SyncReport): Promise<BatchOutcome> {
    const maxAttempts = Math.max(1, this.o.maxAttempts ?? 3);
    const backoff = this.o.backoffMs ?? 500;
    const accepted: Outgoing[] = [];
    let pending = batch;
    let errors = new Map<string, { code: string; message: string }>();
    for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt += 1) {
      if (attempt > 1) await this.clock.sleep(backoff * 2 ** (attempt - 2));
      await this.limiter.take();
      report.calls += 1;
      const res = await this.o.client.send(new BatchImportFindingsCommand({ Findings: pending.map((o) => o.doc) }));
      const ids = new Set(pending.map((o) => o.doc.Id));
      errors = new Map(
        (res.FailedFindings ?? [])
          .filter((f) => f.Id !== undefined && ids.has(f.Id))
          .map((f) => [f.Id!, { code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? 'no message' }]),
      );
      const consistent = res.FailedCount === errors.size && res.SuccessCount === pending.length - errors.size;
      if (!consistent) {
        const detail = `response said SuccessCount ${res.SuccessCount}, FailedCount ${res.FailedCount}, listed ${errors.size} of ${pending.length}`;
        for (const o of pending) if (!errors.has(o.doc.Id)) errors.set(o.doc.Id, { code: 'Unconfirmed', message: detail });
      }
      accepted.push(...pending.filter((o) => !errors.has(o.doc.Id)));
      pending = pending.filter((o) => errors.has(o.doc.Id));
    }
    const failed = pending.map((o) => {
      const e = errors.get(o.doc.Id);
      return { id: o.doc.Id, action: o.action, errorCode: e?.code ?? 'Unknown', errorMessage: e?.message ?? 'no message' };
    });
    return { accepted, failed };
  }

  /**
   * Makes the next sync announce these findings again (their "Tally Finding" events were not
   * delivered): an open one comes back as changed, a cleared one is cleared again. Returns the ids
   * it could not mark (a concurrent sync moved them on, which announces them anyway, or the write failed).
   */
  async announceAgain(entries: readonly LedgerEntry[]): Promise<string[]> {
    return this.o.ledger.markUnannounced(entries);
  }

  private progress(phase: SyncProgress['phase'], message: string, done: number, total: number): void {
    this.o.onProgress?.({ phase, message, done, total });
  }
}
