import type { Finding } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import type { AwsSecurityFinding } from './asff-schema';
import { archivedExpiry, fingerprint, INVENTORY_PARTS, inventoryParts, nextUpdatedAt, standingOf, type InventoryPart, type LedgerEntry, type LedgerSummary } from './ledger-table';
import { findingPrincipal, inScope, loweringReason, mayLower, type ReadAuthority } from './read-authority';
import { ForeignAccountError } from './sink-errors';

const MS_PER_DAY = 86_400_000;

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
  previous?: LedgerSummary;
}

/** A finding Tally's own action closed in this run: imported ARCHIVED, naming the action. */
export interface CloseItem extends Omit<ImportItem, 'reason'> {
  actionId: string;
}

/**
 * What one sweep must send to Security Hub. Planned from summaries (`A`), the entries to archive
 * are read whole before anything is sent ({@link FindingsLedger.plan}), for the document Security
 * Hub holds.
 */
export interface SyncPlan<A extends LedgerSummary = LedgerEntry> {
  accountId: string;
  now: string;
  toImport: ImportItem[];
  /** Findings the run's actions closed (open or never imported): imported ARCHIVED with the action id. */
  toClose: CloseItem[];
  /** ACTIVE entries whose finding is gone: re-import as ARCHIVED. */
  toArchive: A[];
  unchanged: number;
  /**
   * ACTIVE entries whose finding is gone but kept open: their inventory part was not read, the read
   * was partial, or an unreadable approval names their principal.
   */
  held: LedgerSummary[];
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
  open?: readonly LedgerSummary[];
}

/**
 * What this sweep imports, closes, archives and leaves alone, given the account's `open` ledger
 * entries and the `known` entries of the result's other findings. Pure: no read, no write.
 */
export function planSync(result: ReconcileResult, now: string, open: readonly LedgerSummary[], known: ReadonlyMap<string, LedgerSummary>, options: PlanOptions = {}): SyncPlan<LedgerSummary> {
  const { accountId } = result;
  const refreshMs = (options.refreshAfterDays ?? 30) * MS_PER_DAY;
  const nowMs = Date.parse(now);
  const findings = new Map<string, Finding>();
  for (const f of result.findings) {
    if (f.accountId !== accountId) throw new ForeignAccountError(f.id, accountId, f.accountId);
    if (!findings.has(f.id)) findings.set(f.id, f);
  }
  const openById = new Map(open.map((e) => [e.findingId, e]));

  const toImport: ImportItem[] = [];
  const toClose: CloseItem[] = [];
  const withheld: SyncPlan['withheld'] = [];
  let unchanged = 0;
  for (const f of findings.values()) {
    const previous = openById.get(f.id) ?? known.get(f.id);
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
  const toArchive: LedgerSummary[] = [];
  const held: LedgerSummary[] = [];
  for (const e of openById.values()) {
    if (findings.has(e.findingId) || e.accountId !== accountId || !inScope(options, e)) continue;
    // A part that was not read, or a read that may not lower, must not look like a fix: keep the
    // finding open. Likewise the key findings of a user the credential report does not show yet.
    const keysOfUnreadUser = e.parts.includes('credentialReport') && keysUnread.has(e.principalArn);
    if (e.parts.some((p) => unread.has(p)) || keysOfUnreadUser || !mayLower(options, e.principalArn)) held.push(e);
    else toArchive.push(e);
  }
  return { accountId, now, toImport, toClose, toArchive, unchanged, held, withheld };
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
    standing: standingOf(asff),
    asff,
  };
}

/** The entry to commit after `item`, closed by an action, was imported ARCHIVED as `asff`. */
export function closedEntry(item: CloseItem, asff: AwsSecurityFinding, now: string): LedgerEntry {
  return archivedEntry(importedEntry(item, asff, now), asff, now);
}

/** The entry to commit after the ARCHIVED copy `asff` of `entry` was imported. */
export function archivedEntry(entry: LedgerEntry, asff: AwsSecurityFinding, now: string): LedgerEntry {
  return { ...entry, state: 'ARCHIVED', lastImportedAt: now, updatedAt: asff.UpdatedAt, standing: standingOf(asff), asff, archivedAt: now, expiresAt: archivedExpiry(now) };
}
