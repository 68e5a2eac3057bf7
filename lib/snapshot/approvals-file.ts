import { readFile } from 'node:fs/promises';
import type { Approval } from '../core/approval';
import { approvalSchema } from '../approvals/approval-schema';
import { showValue } from '../aws-shapes/aws-date';
import { headerColumns, readCsv } from '../aws-shapes/csv';
import { approvalInputFromCsv, APPROVAL_CSV_REQUIRED } from './approvals-csv';
import { SnapshotError } from '../aws-shapes/snapshot-error';
import { formatPath, parseWith, type IssuePath } from '../aws-shapes/zod-issues';

/** True when a CSV header line is the approvals import format (it names `ticketId` and `principal`). */
export function isApprovalsCsvHeader(text: string): boolean {
  const columns = headerColumns(text);
  return columns.includes('ticketId') && columns.includes('principal');
}

/**
 * Parses an approvals file: a JSON array of approval records, or CSV with the header
 * `ticketId,principal,kind,target,approvedBy,approvedAt,expiresAt,risk,status` (optional extra
 * columns: `provisionedAt, verifiedAt, provisioningGraceHours, exempt, exemptReason`). The format is
 * told by content, not by name. Every record is validated with {@link approvalSchema}; the first
 * bad one throws a SnapshotError naming the row (or array index), its ticket and the field.
 */
export function parseApprovals(text: string, file: string): Approval[] {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('[') || body.startsWith('{')) return parseApprovalsJson(parseJson(body, file), file);
  if (body === '') return [];
  return parseApprovalsCsv(text, file);
}

/** Reads and parses an approvals file (see {@link parseApprovals}). */
export async function loadApprovalsFile(path: string): Promise<Approval[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SnapshotError({ file: path, reason: `cannot read the approvals file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }, { cause: err });
  }
  return parseApprovals(text, path);
}

function parseJson(body: string, file: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new SnapshotError({ file, reason: `not valid JSON (${(err as Error).message})` }, { cause: err });
  }
}

/** Validates the records of an already parsed JSON approvals file. */
export function parseApprovalsJson(data: unknown, file: string): Approval[] {
  if (!Array.isArray(data)) throw new SnapshotError({ file, reason: 'expected a JSON array of approval records' });
  return data.map((record: unknown, i) => {
    const ticket = ticketOf(record);
    const where = ticket === undefined ? `[${i}]` : `[${i}] (ticket ${ticket})`;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new SnapshotError({ file, record: where, reason: 'not an approval record (expected an object)' });
    }
    return parseWith(approvalSchema, record, file, (path) => located(where, formatPath(path)));
  });
}

function parseApprovalsCsv(text: string, file: string): Approval[] {
  const columns = headerColumns(text);
  const missing = APPROVAL_CSV_REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new SnapshotError({ file, record: 'header', reason: `missing column ${missing.join(', ')}` });
  return readCsv(text, file).map(({ line, values }) => {
    const ticket = values.ticketId?.trim();
    const where = ticket ? `row ${line} (ticket ${ticket})` : `row ${line}`;
    if (values.kind?.trim() === 'identity' && values.target?.trim()) {
      // Most likely a row meant for another kind: refuse rather than approve the bare identity.
      throw new SnapshotError({ file, record: where, field: 'target', reason: `identity takes no target (got ${showValue(values.target.trim())})` });
    }
    const input = approvalInputFromCsv(values);
    return parseWith(approvalSchema, input, file, (path) => located(where, csvColumnOf(path)));
  });
}

/** Entitlement fields live in the `kind` and `target` columns of the CSV. */
function csvColumnOf(path: IssuePath): string {
  if (path[0] !== 'entitlement') return formatPath(path);
  return path[1] === 'kind' || path.length === 1 ? 'kind' : 'target';
}

function located(record: string, field: string): { record: string; field?: string } {
  return field === '' ? { record } : { record, field };
}

function ticketOf(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const ticket = (record as Record<string, unknown>).ticketId;
  return typeof ticket === 'string' && ticket.trim() !== '' ? ticket.trim() : undefined;
}
