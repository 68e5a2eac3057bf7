import { DETAIL_TYPES } from '../sinks/event-schemas';
import type { PublishedChanges } from '../sinks/eventbridge-events';
import type { PublishReport } from '../sinks/eventbridge';
import type { SecurityHubSink, SyncReport } from '../sinks/security-hub';
import type { EvidenceReport } from './evidence-writer';

/** What this run's records say changed, or undefined when it keeps no record of findings (no Security Hub ledger). */
export function changesOf(report: { securityHub?: SyncReport | undefined; evidence?: EvidenceReport | undefined }): PublishedChanges | undefined {
  if (!report.securityHub) return undefined;
  const { changes, cleared } = report.securityHub;
  const findings = new Map([...changes].map(([id, c]) => [id, c.change]));
  return { findings, cleared, ...(report.evidence ? { verified: new Set(report.evidence.verified) } : {}) };
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

