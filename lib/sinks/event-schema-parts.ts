import { z } from 'zod';

/** The `source` of every event Tally puts on EventBridge. */
export const EVENT_SOURCE = 'tally';
/** Every detail's `schemaVersion` (docs/events.md, "Versioning"). */
export const SCHEMA_VERSION = '1';

/** An ISO 8601 instant with its offset, as every event time is written. */
export const instant = z.iso.datetime({ offset: true });
export const version = z.literal(SCHEMA_VERSION);
/** A 12-digit AWS account id. */
export const accountId = z.string().regex(/^\d{12}$/);
