import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IamUser } from '../../lib/core/inventory';
import {
  applyCredentialReport,
  parseCredentialReportCsv,
  keysReadAt,
  parseCredentialReportJson,
  pickCredentialReport,
} from '../../lib/aws-shapes/credential-report';
import { parseGaadPage } from '../../lib/aws-shapes/gaad';
import { CLI_EXPORT, SDK_PAGES } from '../snapshot/snapshot-dir';

const csv = readFileSync(join(CLI_EXPORT, 'credential-report.csv'), 'utf8');
const reportJson = JSON.parse(readFileSync(join(SDK_PAGES, 'creds.json'), 'utf8')) as Record<string, unknown>;
const gaadUsers = (): IamUser[] => parseGaadPage(JSON.parse(readFileSync(join(CLI_EXPORT, 'authz.txt'), 'utf8')), 'authz.txt').users;
const HEADER = csv.split('\n')[0]!;

/** A one-user report; `cells` overrides columns by name. */
function reportWith(cells: Record<string, string>): string {
  const columns = HEADER.split(',');
  const base: Record<string, string> = Object.fromEntries(columns.map((c) => [c, 'N/A']));
  Object.assign(base, { user: 'Eve', arn: 'arn:aws:iam::123456789012:user/Eve', user_creation_time: '2020-01-01T00:00:00+00:00' }, cells);
  return `${HEADER}\n${columns.map((c) => base[c]).join(',')}\n`;
}

describe('parseCredentialReportCsv', () => {
  it('reads the root row as the root account, never as a user', () => {
    const report = parseCredentialReportCsv(csv, 'report.csv');
    expect(report.root).toEqual({
      arn: 'arn:aws:iam::123456789012:root',
      mfaActive: true,
      accessKeys: [{ slot: 1, active: true, createdAt: '2019-01-01T00:00:00.000Z' }],
    });
    expect(report.rows.map((r) => r.user)).not.toContain('<root_account>');
  });

  it('reads key slots with lowercase booleans and N/A usage as absent', () => {
    const alice = parseCredentialReportCsv(csv, 'report.csv').rows.find((r) => r.user === 'Alice');
    expect(alice).toEqual({
      user: 'Alice',
      arn: 'arn:aws:iam::123456789012:user/Alice',
      userCreatedAt: '2013-10-14T18:32:24.000Z',
      passwordEnabled: true,
      mfaActive: false,
      accessKeys: [
        { slot: 1, active: true, createdAt: '2026-06-01T12:00:00.000Z', lastUsedAt: '2026-11-18T09:15:00.000Z', lastUsedRegion: 'us-east-1', lastUsedService: 's3' },
        { slot: 2, active: false, createdAt: '2025-01-01T00:00:00.000Z' },
      ],
    });
  });

  it('treats N/A, no_information and not_supported as absent values', () => {
    const report = parseCredentialReportCsv(
      reportWith({ password_enabled: 'not_supported', password_last_used: 'no_information', mfa_active: 'N/A' }),
      'r.csv',
    );
    expect(report.rows[0]).toEqual({ user: 'Eve', arn: 'arn:aws:iam::123456789012:user/Eve', userCreatedAt: '2020-01-01T00:00:00.000Z', accessKeys: [] });
  });

  it('omits a slot whose last_rotated is N/A even when its active flag is set', () => {
    const report = parseCredentialReportCsv(reportWith({ access_key_1_active: 'TRUE', access_key_2_active: 'true', access_key_2_last_rotated: '2026-01-01T00:00:00+00:00' }), 'r.csv');
    expect(report.rows[0]?.accessKeys).toEqual([{ slot: 2, active: true, createdAt: '2026-01-01T00:00:00.000Z' }]);
  });

  it('names the row, user and column of an unreadable value', () => {
    expect(() => parseCredentialReportCsv(reportWith({ access_key_1_last_rotated: 'last week' }), 'r.csv')).toThrow(
      'r.csv: row 2 (Eve): access_key_1_last_rotated: not a date ("last week")',
    );
    expect(() => parseCredentialReportCsv(reportWith({ mfa_active: 'yes' }), 'r.csv')).toThrow('r.csv: row 2 (Eve): mfa_active: not a boolean ("yes")');
  });

  it('refuses a report that lacks a key column rather than reading no keys', () => {
    const cut = csv.replace(',access_key_2_active', ',access_key_2_on');
    expect(() => parseCredentialReportCsv(cut, 'r.csv')).toThrow('r.csv: header: missing column access_key_2_active');
  });
});

describe('parseCredentialReportJson', () => {
  it('decodes the base64 report of get-credential-report to the same rows as the raw CSV', () => {
    const fromJson = parseCredentialReportJson(reportJson, 'creds.json');
    const fromCsv = parseCredentialReportCsv(csv, 'creds.json');
    expect(fromJson.rows).toEqual(fromCsv.rows);
    expect(fromJson.root).toEqual(fromCsv.root);
    expect(fromJson.generatedAt).toBe('2026-11-19T06:00:00.000Z');
  });

  it('names Content when it does not decode to a credential report', () => {
    const bad = { ...reportJson, Content: Buffer.from('hello').toString('base64') };
    expect(() => parseCredentialReportJson(bad, 'creds.json')).toThrow('creds.json: Content: not a base64-encoded credential report CSV');
  });

  it('requires GeneratedTime', () => {
    const { GeneratedTime: _, ...rest } = reportJson;
    expect(() => parseCredentialReportJson(rest, 'creds.json')).toThrow('creds.json: GeneratedTime: required');
  });
});

describe('applyCredentialReport', () => {
  it('joins report rows to GAAD users by ARN', () => {
    const { users } = applyCredentialReport(gaadUsers(), parseCredentialReportCsv(csv, 'r.csv'));
    expect(users.find((u) => u.name === 'Charlie')).toMatchObject({ mfaActive: true, passwordEnabled: false, accessKeys: [{ slot: 1, active: true }] });
    expect(users.find((u) => u.name === 'Bob')?.accessKeys).toEqual([]);
  });

  it('ignores report rows for users GAAD does not list, with a warning naming them', () => {
    const { users, warnings } = applyCredentialReport(gaadUsers(), parseCredentialReportCsv(csv, 'r.csv'));
    expect(users.map((u) => u.name)).toEqual(['Alice', 'Bob', 'Charlie']);
    expect(warnings).toEqual(['r.csv: ignored rows for users not in the IAM export (deleted since the report?): Dave']);
  });

  it('ignores a row for a user recreated under the same name since the report', () => {
    const users = gaadUsers().map((u) => (u.name === 'Alice' ? { ...u, createdAt: '2026-11-19T08:00:00.000Z' } : u));
    const joined = applyCredentialReport(users, parseCredentialReportCsv(csv, 'r.csv'));
    expect(joined.users.find((u) => u.name === 'Alice')?.accessKeys).toEqual([]);
    expect(joined.warnings).toContainEqual(expect.stringMatching(/ignored row for Alice: .*recreated/));
    expect(joined.keysUnread).toEqual(['arn:aws:iam::123456789012:user/Alice']);
  });

  it('marks the keys of a GAAD user the report has no row for as unread, naming the user', () => {
    const eve: IamUser = { ...gaadUsers()[0]!, arn: 'arn:aws:iam::123456789012:user/Eve', name: 'Eve', createdAt: '2026-11-19T08:00:00.000Z' };
    const joined = applyCredentialReport([...gaadUsers(), eve], parseCredentialReportJson(reportJson, 'creds.json'));
    expect(joined.keysUnread).toEqual([eve.arn]);
    expect(joined.users.find((u) => u.name === 'Eve')?.accessKeys).toEqual([]);
    expect(joined.warnings).toContainEqual(expect.stringMatching(/creds\.json: no row for Eve .*keys are not read/));
  });

  it('reads every user as covered when each has its row', () => {
    expect(applyCredentialReport(gaadUsers(), parseCredentialReportCsv(csv, 'r.csv')).keysUnread).toEqual([]);
  });
});

describe('keysReadAt', () => {
  it("is the report's GeneratedTime when it states one", () => {
    expect(keysReadAt(parseCredentialReportJson(reportJson, 'creds.json'))).toBe('2026-11-19T06:00:00.000Z');
  });

  it('is the newest instant a bare CSV holds: the report was generated no earlier', () => {
    expect(keysReadAt(parseCredentialReportCsv(csv, 'r.csv'))).toBe('2026-11-18T09:15:00.000Z');
  });
});

describe('pickCredentialReport', () => {
  it('takes the newest GeneratedTime and warns about the others', () => {
    const older = { ...parseCredentialReportJson(reportJson, 'old.json'), generatedAt: '2026-11-01T00:00:00.000Z' };
    const newer = parseCredentialReportJson(reportJson, 'new.json');
    const raw = parseCredentialReportCsv(csv, 'raw.csv');
    const picked = pickCredentialReport([older, raw, newer]);
    expect(picked.report?.file).toBe('new.json');
    expect(picked.warnings).toHaveLength(2);
    expect(picked.warnings[0]).toMatch(/ignored credential report old\.json/);
  });
});
