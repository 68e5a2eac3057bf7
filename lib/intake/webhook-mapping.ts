import { z } from 'zod';
import { INTAKE_DETAIL_TYPES, type IntakeChange } from './intake-contract';

/**
 * A path into a JSON payload: `$`, then `.name` segments (letters, digits, `_`, `-`) and `[n]` array
 * indexes, e.g. `$.issue.fields.customfield_10201` or `$.changelog.items[0].toString`. No filters,
 * wildcards or quoted names: no JSONPath library is a dependency, and a mapping needs none.
 */
const PATH = /^\$((\.[\w-]+)|(\[\d+\]))*$/;
const path = z.string().regex(PATH, 'not a path like $.issue.fields.status.name (dotted names and [n] only)');
/** A record field, dotted for nesting: `entitlement.policyArn`. */
const target = z.string().regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/, 'not a record field name (dotted)');

const CHANGES = [...(Object.keys(INTAKE_DETAIL_TYPES) as IntakeChange[]), 'ignore'] as const;
export type MappedChange = (typeof CHANGES)[number];

/** The declarative mapping from a ticketing tool's payload to an intake detail (docs/intake.md). */
export const webhookMappingSchema = z
  .object({
    /** Record field → path in the payload. */
    record: z.record(target, path),
    /** Record field → fixed value (applied first; `record` overrides). */
    constants: z.record(target, z.unknown()).default({}),
    /** Path of the tool's version: a positive integer (or digit string) that grows with every change. */
    version: path,
    /** Path of a signed send time (epoch ms, or ISO 8601), for tools that sign the body only (Jira's `timestamp`). */
    timestamp: path.optional(),
    /** Path of a request id to echo in logs and rejections. */
    requestId: path.optional(),
    /** The change: fixed, or read at `path` and looked up in `values` (`ignore`: answer 200, write nothing). */
    change: z.union([z.enum(CHANGES), z.object({ path, values: z.record(z.string(), z.enum(CHANGES)) })]),
  })
  .strict();
export type WebhookMapping = z.output<typeof webhookMappingSchema>;

/** What a payload maps to: the change and an intake detail, or the field that could not be mapped. */
export type Mapped =
  | { change: MappedChange; detail: { approval: Record<string, unknown>; version: unknown; requestId?: string }; timestampMs?: number }
  | { field: string; reason: string };

/** Parses a mapping (construct prop or file); throws with the field named. */
export function parseWebhookMapping(input: unknown): WebhookMapping {
  const parsed = webhookMappingSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`webhook mapping: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

/** The value at `p` in `payload`; undefined where any step is missing. `null` counts as missing. */
export function valueAtPath(payload: unknown, p: string): unknown {
  let value: unknown = payload;
  for (const [, name, index] of p.slice(1).matchAll(/\.([\w-]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = index !== undefined ? (Array.isArray(value) ? value[Number(index)] : undefined) : (value as Record<string, unknown>)[name!];
  }
  return value === null ? undefined : value;
}

function setField(record: Record<string, unknown>, field: string, value: unknown): void {
  const parts = field.split('.');
  let node = record;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (node[part] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/**
 * Maps a tool's payload to an intake detail (`{ approval, version, requestId? }`) and the change.
 * Missing values are left out, so the record's validation names the field (`approval.ticketId:
 * required`); {@link mappedFrom} tells which path was read for it.
 */
export function mapPayload(mapping: WebhookMapping, payload: unknown): Mapped {
  let change: MappedChange;
  if (typeof mapping.change === 'string') change = mapping.change;
  else {
    const raw = valueAtPath(payload, mapping.change.path);
    const found = raw === undefined ? undefined : mapping.change.values[String(raw)];
    if (found === undefined) return { field: 'change', reason: `${mapping.change.path} is ${raw === undefined ? 'missing' : JSON.stringify(raw)}, which the mapping's change.values does not list` };
    change = found;
  }
  const approval: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(mapping.constants)) setField(approval, field, value);
  for (const [field, p] of Object.entries(mapping.record)) {
    const value = valueAtPath(payload, p);
    if (value !== undefined) setField(approval, field, value);
  }
  const requestId = mapping.requestId === undefined ? undefined : valueAtPath(payload, mapping.requestId);
  const detail = { approval, version: valueAtPath(payload, mapping.version), ...(requestId !== undefined ? { requestId: String(requestId) } : {}) };
  if (mapping.timestamp === undefined) return { change, detail };
  const at = valueAtPath(payload, mapping.timestamp);
  const timestampMs = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return { change, detail, timestampMs };
}

/** The payload path a detail field was mapped from (`approval.ticketId` → `$.issue.key`), if any. */
export function mappedFrom(mapping: WebhookMapping, field: string): string | undefined {
  if (field === 'version') return mapping.version;
  if (!field.startsWith('approval.')) return undefined;
  return mapping.record[field.slice('approval.'.length)];
}
