import { EventParseError } from './event-parse-error';

/** A JSON object as read from an event. */
export type Rec = Record<string, unknown>;

function isRec(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Typed reads of one event's fields. Every error names the dotted path of the field and
 * carries the event id, so a bad record can be logged and skipped by id.
 */
export class EventFields {
  constructor(readonly eventId: string) {}

  /** An error for `path` (dotted, from the envelope). */
  error(path: string, problem: string): EventParseError {
    return new EventParseError(path, problem, { eventId: this.eventId });
  }

  /** `parent[key]` as an object; `undefined` when absent or null; throws on any other type. */
  obj(parent: Rec | undefined, key: string, path: string): Rec | undefined {
    const value = parent?.[key];
    if (value === undefined || value === null) return undefined;
    if (!isRec(value)) throw this.error(`${path}.${key}`, 'expected object or null');
    return value;
  }

  /**
   * `parent[key]` as a non-blank string; `undefined` when absent or null. A present value of
   * another type, or a blank string, is an error: it would name no principal.
   */
  str(parent: Rec | undefined, key: string, path: string): string | undefined {
    const value = parent?.[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.error(`${path}.${key}`, 'expected string');
    if (value.trim() === '') throw this.error(`${path}.${key}`, 'expected non-empty string');
    return value;
  }

  /** Like {@link EventFields.str} but absent or null is an error too. */
  requiredStr(parent: Rec | undefined, key: string, path: string): string {
    const value = this.str(parent, key, path);
    if (value === undefined) throw this.error(`${path}.${key}`, 'expected string');
    return value;
  }
}
