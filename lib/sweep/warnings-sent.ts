import type { AuditSink } from '../actions/audit-log';
import type { UpcomingExpiry } from '../core/upcoming-expiry';
import { DETAIL_TYPES } from '../sinks/event-schemas';
import type { PublishReport } from '../sinks/eventbridge';

/** The warnings not delivered before: a key expiry warning goes out once per key, reason and window. */
export async function unsentWarnings(audit: Pick<AuditSink, 'sentWarnings'>, accountId: string, expiries: readonly UpcomingExpiry[], now: string): Promise<UpcomingExpiry[]> {
  if (expiries.length === 0) return [];
  const sent = await audit.sentWarnings(accountId, now);
  return expiries.filter((w) => !sent.has(w.id));
}

/** Remembers the warnings EventBridge took (a refused one goes out again next sweep); returns the ids it could not remember. */
export async function rememberWarnings(audit: Pick<AuditSink, 'warningsSent'>, accountId: string, warnings: readonly UpcomingExpiry[], published: PublishReport, at: string): Promise<string[]> {
  const failed = new Set(published.failed.filter((f) => f.detailType === DETAIL_TYPES.keyExpiryWarning).map((f) => f.id));
  const delivered = warnings.filter((w) => !failed.has(w.id)).map((w) => w.id);
  return delivered.length ? audit.warningsSent(accountId, delivered, at) : [];
}
