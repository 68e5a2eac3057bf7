import { isApprovalsCsvHeader } from './approvals-file';
import { isAccessAnalyzerExport } from '../aws-shapes/access-analyzer';
import { CREDENTIAL_REPORT_HEADER } from '../aws-shapes/credential-report';
import { firstLine } from '../aws-shapes/csv';
import { SnapshotError } from '../aws-shapes/snapshot-error';

/** What a snapshot file holds, told by its content. */
export type ExportKind =
  | 'account-authorization-details'
  | 'credential-report'
  | 'list-secrets'
  | 'secret-version-ids'
  | 'approvals'
  | 'access-analyzer-findings';

/** A recognised file: its kind, and its content parsed as JSON or kept as CSV text. */
export type DetectedExport =
  | { kind: ExportKind; format: 'json'; data: unknown }
  | { kind: 'credential-report' | 'approvals'; format: 'csv'; text: string };

const GAAD_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
/** Keys whose presence in unparseable text means "a broken export", not "some other file". */
const EXPORT_MARKERS = /"(UserDetailList|GroupDetailList|RoleDetailList|SecretList|GeneratedTime|Versions|ticketId)"/;

/**
 * Tells which AWS export (or approvals file) a file holds from its content alone; names do not
 * matter. Returns undefined for anything else. Text that should be JSON but does not parse throws
 * a SnapshotError when the file ends in `.json` or carries an export's keys: a truncated export
 * must not silently drop data.
 */
export function detectExport(text: string, file: string): DetectedExport | undefined {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (err) {
      if (/\.json$/i.test(file) || EXPORT_MARKERS.test(body)) {
        throw new SnapshotError({ file, reason: `not valid JSON, truncated? (${(err as Error).message})` }, { cause: err });
      }
      return undefined;
    }
    const kind = jsonKind(data);
    return kind === undefined ? undefined : { kind, format: 'json', data };
  }
  if (/\.json$/i.test(file)) throw new SnapshotError({ file, reason: 'not valid JSON (does not start with { or [)' });
  const header = firstLine(body);
  if (header.startsWith(CREDENTIAL_REPORT_HEADER)) return { kind: 'credential-report', format: 'csv', text };
  if (isApprovalsCsvHeader(header)) return { kind: 'approvals', format: 'csv', text };
  return undefined;
}

function jsonKind(data: unknown): ExportKind | undefined {
  // Recognised by its keys, not by valid values: a broken export must reach its parser and fail
  // naming the field, never be skipped (a dropped page would read as users that do not exist).
  if (isAccessAnalyzerExport(data)) return 'access-analyzer-findings';
  if (Array.isArray(data)) return data.some((r) => isObject(r) && 'ticketId' in r) ? 'approvals' : undefined;
  if (!isObject(data)) return undefined;
  if (GAAD_KEYS.some((k) => k in data)) return 'account-authorization-details';
  if ('GeneratedTime' in data || 'ReportFormat' in data) return 'credential-report';
  if ('SecretList' in data) return 'list-secrets';
  if ('Versions' in data) return 'secret-version-ids';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
