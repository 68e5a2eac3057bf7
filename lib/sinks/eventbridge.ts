import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { DETAIL_SCHEMAS, EVENT_SOURCE, type DetailType } from './event-schemas';
import type { TallyEvent } from './eventbridge-events';

/** PutEvents accepts at most 10 entries per request (API reference, PutEvents `Entries`). */
export const MAX_ENTRIES_PER_REQUEST = 10;
/** Entries of one request must total less than 256 KB (User Guide, "Calculating PutEvents event entry size"). */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** Entry codes the API reference lists as non-retryable, plus Tally's own refusals before sending. */
const NOT_RETRYABLE = new Set([
  'AccessDeniedException',
  'InvalidAccountIdException',
  'InvalidArgument',
  'MalformedDetail',
  'RedactionFailure',
  'NotAuthorizedForSourceException',
  'NotAuthorizedForDetailTypeException',
  'ValidationException',
  'ResourceNotFoundException',
  'EntryTooLarge',
  'SchemaViolation',
]);

export interface FailedEvent {
  detailType: DetailType;
  id: string;
  errorCode: string;
  errorMessage: string;
}

/** Nothing is dropped silently: every event is either counted in `sent` or listed in `failed`. */
export interface PublishReport {
  sent: number;
  failed: FailedEvent[];
  /** PutEvents calls made, retries included. */
  requests: number;
}

export interface EventBridgeSinkOptions {
  client: EventBridgeClient;
  /** Name or ARN of the event bus. */
  eventBusName: string;
  /** @default 'tally' */
  source?: string;
  /** Passes over the entries, the first included; only failed, retryable entries go again. @default 4 */
  maxAttempts?: number;
  /** Delay before retry n is `baseDelayMs * 2^(n-1)`, capped at 20 s. @default 200 */
  baseDelayMs?: number;
  /** @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  event: TallyEvent;
  entry: PutEventsRequestEntry;
  bytes: number;
}

const utf8 = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));

/** Entry size as EventBridge counts it: Time 14 bytes, then Source, DetailType, Detail and each Resource in UTF-8. */
export function entryBytes(e: PutEventsRequestEntry): number {
  return (e.Time ? 14 : 0) + utf8(e.Source) + utf8(e.DetailType) + utf8(e.Detail) + (e.Resources ?? []).reduce((n, r) => n + utf8(r), 0);
}

/** Groups entries into requests of at most 10 entries and under 256 KB, in order. */
export function batches<T extends { bytes: number }>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length && (current.length === MAX_ENTRIES_PER_REQUEST || size + item.bytes >= MAX_REQUEST_BYTES)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.bytes;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Puts Tally's events on an EventBridge bus (docs/events.md). Each detail is validated against its
 * versioned schema before sending. Entries that fail (`Entries[i].ErrorCode`, or the whole request)
 * are retried alone with exponential backoff, up to `maxAttempts` passes; what still fails, and what
 * could never be sent (schema violation, entry over 256 KB), is reported with its code.
 */
export class EventBridgeSink {
  private readonly source: string;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: EventBridgeSinkOptions) {
    this.source = options.source ?? EVENT_SOURCE;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(events: readonly TallyEvent[]): Promise<PublishReport> {
    const report: PublishReport = { sent: 0, failed: [], requests: 0 };
    const fail = (event: TallyEvent, errorCode: string, errorMessage: string) =>
      report.failed.push({ detailType: event.detailType, id: event.id, errorCode, errorMessage });

    let pending: Pending[] = [];
    for (const event of events) {
      const checked = DETAIL_SCHEMAS[event.detailType].safeParse(event.detail);
      if (!checked.success) {
        fail(event, 'SchemaViolation', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        continue;
      }
      const entry = this.entry(event);
      const bytes = entryBytes(entry);
      if (bytes >= MAX_REQUEST_BYTES) fail(event, 'EntryTooLarge', `entry is ${bytes} bytes; PutEvents takes less than ${MAX_REQUEST_BYTES}`);
      else pending.push({ event, entry, bytes });
    }

    for (let attempt = 1; pending.length; attempt++) {
      if (attempt > 1) await this.sleep(Math.min(this.baseDelayMs * 2 ** (attempt - 2), 20_000));
      const retry: Pending[] = [];
      for (const batch of batches(pending)) {
        report.requests += 1;
        const results = await this.put(batch);
        batch.forEach((p, i) => {
          const r = results[i];
          if (!r?.ErrorCode) report.sent += 1;
          else if (!NOT_RETRYABLE.has(r.ErrorCode) && attempt < this.maxAttempts) retry.push(p);
          else fail(p.event, r.ErrorCode, r.ErrorMessage ?? '');
        });
      }
      pending = retry;
    }
    return report;
  }

  private entry(e: TallyEvent): PutEventsRequestEntry {
    return {
      Source: this.source,
      DetailType: e.detailType,
      Detail: JSON.stringify(e.detail),
      EventBusName: this.options.eventBusName,
      Resources: e.resources,
      Time: new Date(e.time),
    };
  }

  /** One result per entry, in request order; a request that throws fails each of its entries. */
  private async put(batch: Pending[]): Promise<PutEventsResultEntry[]> {
    try {
      const out = await this.options.client.send(new PutEventsCommand({ Entries: batch.map((p) => p.entry) }));
      const entries = out.Entries ?? [];
      // Results line up with the request; a missing one while EventBridge reports failures counts as failed.
      return batch.map((_, i) =>
        entries[i] ?? ((out.FailedEntryCount ?? 0) > 0 ? { ErrorCode: 'MissingResultEntry', ErrorMessage: 'no result entry for this event' } : {}),
      );
    } catch (e) {
      const err = e as Error;
      return batch.map(() => ({ ErrorCode: err.name || 'Error', ErrorMessage: err.message ?? String(e) }));
    }
  }
}
