import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAll, parseCloudTrailEvent, type ParsedEvent } from '../../lib/events/cloudtrail-event';
import { EventParseError } from '../../lib/events/event-parse-error';
import { allValidEvents, type Json } from './cloudtrail-fixtures';

/** The contract: a ParsedEvent or an EventParseError, and a target always names one principal. */
function checkContract(raw: unknown): ParsedEvent | EventParseError {
  let parsed: ParsedEvent;
  try {
    parsed = parseCloudTrailEvent(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EventParseError);
    expect((error as EventParseError).field).not.toBe('');
    return error as EventParseError;
  }
  expect(['target', 'skip']).toContain(parsed.kind);
  if (parsed.kind === 'target') {
    const given = Object.values(parsed.target).filter((v) => v !== undefined);
    expect(given).toHaveLength(1);
    expect(typeof given[0]).toBe('string');
    expect((given[0] as string).trim()).not.toBe('');
    expect(parsed.eventId).not.toBe('');
  }
  return parsed;
}

/** Every path to a value inside `value` (objects and arrays), the root excluded. */
function pathsOf(value: Json, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [[...prefix, key], ...pathsOf(value[key], [...prefix, key])]);
}

type Mutation = { pick: number; op: 'delete' } | { pick: number; op: 'replace'; value: unknown };

function mutate(event: Json, mutations: Mutation[]): Json {
  for (const m of mutations) {
    const paths = pathsOf(event);
    if (paths.length === 0) break;
    const path = paths[m.pick % paths.length] as string[];
    const parent = path.slice(0, -1).reduce((o: Json, k) => o[k], event);
    const key = path[path.length - 1] as string;
    if (m.op === 'delete') delete parent[key];
    else parent[key] = m.value;
  }
  return event;
}

const VALID = allValidEvents();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ pick: fc.nat(), op: fc.constant('delete' as const) }),
  fc.record({
    pick: fc.nat(),
    op: fc.constant('replace' as const),
    value: fc.oneof(fc.jsonValue(), fc.constantFrom(null, '', ' ', 0, true, [], {}, 'Sep 27, 2022 5:09:18 PM')),
  }),
);

describe('parseCloudTrailEvent properties', () => {
  it('returns a ParsedEvent or throws EventParseError when given arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (raw) => void checkContract(raw)), { numRuns: 500 });
  });

  it('returns a ParsedEvent or throws EventParseError when given arbitrary values', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withMap: true, withBigInt: true }), (raw) => void checkContract(raw)), {
      numRuns: 300,
    });
  });

  it('returns a ParsedEvent or throws EventParseError when a garbage detail sits in a valid envelope', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VALID.length - 1 }), fc.jsonValue(), (i, detail) => {
        const event = structuredClone(VALID[i]) as Json;
        event.detail = detail;
        checkContract(event);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the contract when fields of valid events are deleted or replaced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VALID.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, mutations) => {
        checkContract(mutate(structuredClone(VALID[i]), mutations));
      }),
      { numRuns: 2000 },
    );
  });

  it('parses every record of a batch when some records are garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom(...VALID)), { maxLength: 12 }), (raws) => {
        const { parsed, errors } = parseAll(raws);
        expect(parsed.length + errors.length).toBe(raws.length);
        for (const { index, error } of errors) {
          expect(error).toBeInstanceOf(EventParseError);
          expect(() => parseCloudTrailEvent(raws[index])).toThrow(EventParseError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
