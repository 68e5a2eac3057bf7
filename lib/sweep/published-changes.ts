import { DETAIL_TYPES } from '../sinks/event-schemas';
import type { PublishedChanges } from '../sinks/eventbridge-events';
import type { PublishReport } from '../sinks/eventbridge';
import type { SecurityHubSink, SyncReport } from '../sinks/security-hub';

/**
 * What this run's records say changed: findings as the Security Hub ledger took them, approvals the
 * evidence plan verifies anew (`newlyVerified`). A part with no record (no ledger; approvals from a
 * file) is published whole.
 */
export function changesOf(sync: SyncReport | undefined, verified: ReadonlySet<string> | undefined): PublishedChanges {
  const findings = sync && new Map([...sync.changes].map(([id, c]) => [id, c.change]));
  return { ...(findings ? { findings } : {}), cleared: sync?.cleared ?? [], ...(verified ? { verified } : {}) };
}

/** Approvals whose "Tally Approval Verified" event EventBridge did not take: their evidence waits for the next sweep. */
export function unannounced(published: PublishReport | undefined): Set<string> {
  return new Set((published?.failed ?? []).filter((f) => f.detailType === DETAIL_TYPES.approvalVerified).map((f) => f.id));
}

/**
 * A finding event EventBridge did not take is announced by the next sweep: its ledger entry is marked
 * so (the run still reports the event failed, so the Lambda retries and the CLI exits 3).
 */
export async function announceAgain(sink: SecurityHubSink, sync: SyncReport, published: PublishReport, warnings: string[]): Promise<void> {
  const failed = new Set(published.failed.filter((f) => f.detailType === DETAIL_TYPES.finding).map((f) => f.id));
  if (failed.size === 0) return;
  const entries = [...[...sync.changes.values()].map((c) => c.entry), ...sync.cleared].filter((e) => failed.has(e.findingId));
  const notMarked = await sink.announceAgain(entries);
  if (notMarked.length) warnings.push(`finding events not delivered and not marked for the next sweep: ${notMarked.join(', ')}`);
}

