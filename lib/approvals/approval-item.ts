import { z } from 'zod';
import { approvalKey, type Approval } from '../core/approval';
import { canonicalJson } from '../core/canonical-json';
import { describeIssue, formatPath } from '../aws-shapes/zod-issues';
import { approvalSchema } from './approval-schema';
import { evidenceSchema, type ApprovalEvidence } from './evidence';
import { InvalidApprovalError, type StoreErrorContext } from './store-errors';

/** An approval as the table holds it: the record, its key, its version and any evidence written back. */
export interface StoredApproval {
  approvalKey: string;
  /** 1 when created; +1 on every write (import update or evidence). */
  version: number;
  approval: Approval;
  evidence?: ApprovalEvidence;
}

const metaSchema = z.object({
  approvalKey: z.string().min(1, 'required'),
  version: z.number().int().positive(),
  evidence: evidenceSchema.optional(),
});

function invalid(schemaError: z.ZodError, data: unknown, context: StoreErrorContext, prefix: readonly PropertyKey[] = []): InvalidApprovalError {
  const issue = schemaError.issues[0];
  if (issue === undefined) return new InvalidApprovalError(context, '', 'invalid', { cause: schemaError });
  return new InvalidApprovalError(context, formatPath([...prefix, ...issue.path]), describeIssue(issue, data), { cause: schemaError });
}

/** The record's key, or a readable stand-in when the record is too broken to have one. */
export function safeApprovalKey(record: unknown, fallback: string): string {
  const r = record as Partial<Record<'ticketId' | 'principal', unknown>> & { entitlement?: { kind?: unknown } } | null;
  if (typeof r?.ticketId !== 'string' || typeof r.principal !== 'string' || typeof r.entitlement?.kind !== 'string') return fallback;
  try {
    return approvalKey(record as Approval);
  } catch {
    return fallback;
  }
}

/** Validates and normalises an approval before a write; throws {@link InvalidApprovalError} naming the field. */
export function validateApproval(input: unknown, context: StoreErrorContext): Approval {
  const parsed = approvalSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, input, context);
  return parsed.data;
}

/** Validates evidence before it is written. */
export function validateEvidence(input: unknown, context: StoreErrorContext): ApprovalEvidence {
  const parsed = evidenceSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, input, context, ['evidence']);
  return parsed.data;
}

/** The item attribute holding a ticketing tool's version (written by intake, lib/intake/intake-store.ts), apart from the store's `version`. */
export const INTAKE_VERSION = 'intakeVersion';

/**
 * Attributes no file import owns: a re-import that replaces the record carries them over from the
 * stored item (the intake version keeps an older intake event, replayed later, from overwriting it).
 */
export const KEPT_ON_REPLACE = [INTAKE_VERSION] as const;

/** The attributes of `item` named in {@link KEPT_ON_REPLACE}. */
export function keptOnReplace(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(KEPT_ON_REPLACE.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
}

/** The item for a (validated) approval at `version`; evidence is not carried over. */
export function toItem(approval: Approval, version: number): Record<string, unknown> {
  return { ...approval, approvalKey: approvalKey(approval), version };
}

/**
 * Reads an item back, validating every field: a corrupt item throws {@link InvalidApprovalError}
 * naming its key and the field (`approvedAt`, `version`, `evidence.outcome`, …).
 */
export function fromItem(item: Record<string, unknown>, context: Omit<StoreErrorContext, 'approvalKey'>): StoredApproval {
  const key = typeof item.approvalKey === 'string' && item.approvalKey !== '' ? item.approvalKey : '(item without approvalKey)';
  const ctx = { ...context, approvalKey: key };
  const meta = metaSchema.safeParse(item);
  if (!meta.success) throw invalid(meta.error, item, ctx);
  const { approvalKey: _k, version: _v, evidence: _e, ...fields } = item;
  const approval = approvalSchema.safeParse(fields);
  if (!approval.success) throw invalid(approval.error, fields, ctx);
  const derived = approvalKey(approval.data);
  if (derived !== key) throw new InvalidApprovalError(ctx, 'approvalKey', `does not match the record (which has key ${derived})`);
  const stored: StoredApproval = { approvalKey: key, version: meta.data.version, approval: approval.data };
  if (meta.data.evidence !== undefined) stored.evidence = meta.data.evidence;
  return stored;
}

/**
 * True when two approvals carry the same ticket content. `verifiedAt` is left out: it is written by
 * evidence write-back, not by the ticket, so re-importing a file does not undo a verification.
 */
export function sameTicketContent(a: Approval, b: Approval): boolean {
  const { verifiedAt: _a, ...left } = a;
  const { verifiedAt: _b, ...right } = b;
  return canonicalJson(left) === canonicalJson(right);
}
