import { z } from 'zod';
import type { AccessKey, IamUser, RootAccount } from '../core/inventory';
import { awsDate, parseAwsDate, showValue } from './aws-date';
import { CsvSyntaxError, headerColumns, readCsvRecords } from './csv-records';
import { defined } from './defined';
import { SnapshotError } from './snapshot-error';
import { parseWith } from './zod-issues';

/** First columns of every IAM credential report: what recognises a decoded report. */
export const CREDENTIAL_REPORT_HEADER = 'user,arn,user_creation_time';

const ROOT_USER = '<root_account>';
/** Values that mean "no value" in the report (root password fields, unused keys, old activity). */
const ABSENT = new Set(['', 'N/A', 'no_information', 'not_supported']);

const SLOT_COLUMNS = ['active', 'last_rotated', 'last_used_date', 'last_used_region', 'last_used_service'] as const;
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'mfa_active',
  ...[1, 2].flatMap((slot) => SLOT_COLUMNS.map((c) => `access_key_${slot}_${c}`)),
];

/** One non-root row of the report, reduced to what the inventory keeps. */
export interface CredentialReportRow {
  user: string;
  arn: string;
  userCreatedAt: string;
  accessKeys: AccessKey[];
  passwordEnabled?: boolean;
  passwordLastUsedAt?: string;
  mfaActive?: boolean;
}

/** A parsed credential report. `generatedAt` is known only for the `get-credential-report` JSON. */
export interface CredentialReport {
  file: string;
  generatedAt?: string;
  rows: CredentialReportRow[];
  root?: RootAccount;
}

const reportJsonSchema = z.object({
  Content: z.string().min(1),
  ReportFormat: z.literal('text/csv').optional(),
  GeneratedTime: awsDate(),
});

/** Parses `aws iam get-credential-report` output: base64 CSV in `Content`, plus `GeneratedTime`. */
export function parseCredentialReportJson(data: unknown, file: string): CredentialReport {
  const json = parseWith(reportJsonSchema, data, file);
  const csv = Buffer.from(json.Content, 'base64').toString('utf8');
  if (!csv.replace(/^\uFEFF/, '').startsWith(CREDENTIAL_REPORT_HEADER)) {
    throw new SnapshotError({ file, field: 'Content', reason: 'not a base64-encoded credential report CSV' });
  }
  return { ...parseCredentialReportCsv(csv, file), generatedAt: json.GeneratedTime };
}

/** Parses a decoded credential report CSV (header `user,arn,user_creation_time,...`). */
export function parseCredentialReportCsv(text: string, file: string): CredentialReport {
  const header = headerColumns(text);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new SnapshotError({ file, record: 'header', reason: `missing column ${missing.join(', ')}` });

  const report: CredentialReport = { file, rows: [] };
  for (const { line, values: raw } of readReportRecords(text, file)) {
    const cells = new Cells(raw, file, `row ${line} (${raw.user ?? '?'})`);
    const accessKeys = [cells.slot(1), cells.slot(2)].filter((k): k is AccessKey => k !== undefined);
    const mfaActive = cells.bool('mfa_active');
    if (raw.user === ROOT_USER) {
      report.root = { arn: cells.required('arn'), accessKeys, ...defined({ mfaActive }) };
      continue;
    }
    report.rows.push({
      user: cells.required('user'),
      arn: cells.required('arn'),
      userCreatedAt: cells.requiredDate('user_creation_time'),
      accessKeys,
      ...defined({ passwordEnabled: cells.bool('password_enabled'), passwordLastUsedAt: cells.date('password_last_used'), mfaActive }),
    });
  }
  return report;
}

/**
 * The report's records, read with d3-dsv, not csv-parse (lib/aws-shapes/csv-records.ts: the same records);
 * an unreadable report throws SnapshotError naming the line, as lib/aws-shapes/csv.ts does.
 */
function readReportRecords(text: string, file: string) {
  try {
    return readCsvRecords(text);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    throw new SnapshotError({ file, record: `row ${err.lines}`, reason: `not readable as CSV (${err.message})` }, { cause: err });
  }
}

/** Reads typed cells from one report row, throwing SnapshotError that names the row and column. */
class Cells {
  constructor(
    private readonly raw: Record<string, string>,
    private readonly file: string,
    private readonly record: string,
  ) {}

  value(column: string): string | undefined {
    const v = this.raw[column];
    return v === undefined || ABSENT.has(v) ? undefined : v;
  }

  required(column: string): string {
    return this.value(column) ?? this.fail(column, 'required');
  }

  bool(column: string): boolean | undefined {
    const v = this.value(column);
    if (v === undefined) return undefined;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    return this.fail(column, `not a boolean (${showValue(v)})`);
  }

  date(column: string): string | undefined {
    const v = this.value(column);
    if (v === undefined) return undefined;
    return parseAwsDate(v) ?? this.fail(column, `not a date (${showValue(v)})`);
  }

  requiredDate(column: string): string {
    return this.date(column) ?? this.fail(column, 'required');
  }

  /** A key slot; `access_key_N_last_rotated` absent means the slot holds no key. */
  slot(n: 1 | 2): AccessKey | undefined {
    const createdAt = this.date(`access_key_${n}_last_rotated`);
    if (createdAt === undefined) return undefined;
    return {
      slot: n,
      active: this.bool(`access_key_${n}_active`) ?? false,
      createdAt,
      ...defined({
        lastUsedAt: this.date(`access_key_${n}_last_used_date`),
        lastUsedService: this.value(`access_key_${n}_last_used_service`),
        lastUsedRegion: this.value(`access_key_${n}_last_used_region`),
      }),
    };
  }

  private fail(field: string, reason: string): never {
    throw new SnapshotError({ file: this.file, record: this.record, field, reason });
  }
}

/**
 * Picks the report to use when a snapshot holds several: the newest `GeneratedTime` (a raw CSV has
 * none and counts as oldest; among those the first file wins). Warns about the ones left out.
 */
export function pickCredentialReport(reports: readonly CredentialReport[]): { report?: CredentialReport; warnings: string[] } {
  const ranked = [...reports].sort((a, b) => (b.generatedAt ?? '').localeCompare(a.generatedAt ?? ''));
  const [report, ...rest] = ranked;
  const warnings = rest.map(
    (r) => `ignored credential report ${r.file} (${r.generatedAt ?? 'no GeneratedTime'}): ${report?.file} is newer`,
  );
  return report ? { report, warnings } : { warnings };
}

/**
 * When the report's key data was read: its `GeneratedTime`, or for a bare CSV (which states none)
 * the newest instant it holds, since it was generated no earlier. A lower bound keeps "not
 * provisioned" honest: it is concluded only when even that instant is past an approval's grace.
 */
export function keysReadAt(report: CredentialReport): string | undefined {
  if (report.generatedAt !== undefined) return report.generatedAt;
  const keyTimes = (keys: readonly AccessKey[]) => keys.flatMap((k) => [k.createdAt, k.lastUsedAt]);
  const times = [
    ...report.rows.flatMap((r) => [r.userCreatedAt, r.passwordLastUsedAt, ...keyTimes(r.accessKeys)]),
    ...keyTimes(report.root?.accessKeys ?? []),
  ].filter((t): t is string => t !== undefined);
  return times.length > 0 ? times.reduce((a, b) => (a > b ? a : b)) : undefined;
}

/** Same instant to the second: GAAD and the report print creation times at different precisions. */
const sameSecond = (a: string, b: string): boolean => Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);

/**
 * Copies key, password and MFA facts from the report onto the GAAD users, joined by ARN. GAAD is
 * the authority for what exists: rows for users it does not list (deleted since the report, which
 * IAM caches for up to 4 h) are ignored with a warning, and so is a row whose creation time differs
 * from the GAAD user's (the user was deleted and recreated under the same name: its keys are gone).
 * A GAAD user without a usable row (created after the report, or recreated) has its keys unread:
 * listed in `keysUnread`, never read as "no keys".
 */
export function applyCredentialReport(
  users: readonly IamUser[],
  report: CredentialReport,
): { users: IamUser[]; keysUnread: string[]; warnings: string[] } {
  const rows = new Map(report.rows.map((r) => [r.arn, r]));
  const warnings: string[] = [];
  const gaadArns = new Set(users.map((u) => u.arn));
  const unknown = report.rows.filter((r) => !gaadArns.has(r.arn)).map((r) => r.user);
  if (unknown.length > 0) {
    warnings.push(`${report.file}: ignored rows for users not in the IAM export (deleted since the report?): ${unknown.join(', ')}`);
  }
  const keysUnread: string[] = [];
  const missing: string[] = [];
  const joined = users.map((user) => {
    const row = rows.get(user.arn);
    if (!row) {
      keysUnread.push(user.arn);
      missing.push(user.name);
      return user;
    }
    if (!sameSecond(row.userCreatedAt, user.createdAt)) {
      keysUnread.push(user.arn);
      warnings.push(
        `${report.file}: ignored row for ${row.user}: created ${row.userCreatedAt}, but the IAM user was created ${user.createdAt} (recreated since the report); its access keys are not read`,
      );
      return user;
    }
    const { passwordEnabled, passwordLastUsedAt, mfaActive } = row;
    return { ...user, accessKeys: row.accessKeys, ...defined({ passwordEnabled, passwordLastUsedAt, mfaActive }) };
  });
  if (missing.length > 0) {
    const since = report.generatedAt === undefined ? 'the report' : `the report (${report.generatedAt})`;
    warnings.push(
      `${report.file}: no row for ${missing.join(', ')} (created after ${since}?): their access keys are not read, access-key approvals on them stay UNVERIFIED`,
    );
  }
  return { users: joined, keysUnread, warnings };
}

