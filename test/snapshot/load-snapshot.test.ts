import { readFileSync } from 'node:fs';
import { mkdir, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../lib/core/policy';
import { reconcile } from '../../lib/core/reconcile';
import { loadSnapshotDir } from '../../lib/snapshot/load-snapshot';
import { SnapshotError } from '../../lib/aws-shapes/snapshot-error';
import { CLI_EXPORT, SDK_PAGES, snapshotDir } from './snapshot-dir';

const gaadText = readFileSync(join(CLI_EXPORT, 'authz.txt'), 'utf8');
const gaad = (): Record<string, unknown> => JSON.parse(gaadText) as Record<string, unknown>;

async function rejection(promise: Promise<unknown>): Promise<SnapshotError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof SnapshotError) return err;
  throw new Error(`expected a SnapshotError, got ${String(err)}`);
}

describe('loadSnapshotDir', () => {
  it('recognises every export by content, whatever the file is called', async () => {
    const snapshot = await loadSnapshotDir(SDK_PAGES);
    expect(snapshot.files.map((f) => [f.path.slice(SDK_PAGES.length + 1), f.kind])).toEqual([
      ['approvals.csv', 'approvals'],
      ['creds.json', 'credential-report'],
      ['iam-page-2.txt', 'account-authorization-details'],
      ['page-1.json', 'account-authorization-details'],
      ['secrets-a.json', 'list-secrets'],
      ['secrets-b.json', 'list-secrets'],
      ['secrets-c.json', 'list-secrets'],
      ['versions-my-test-secret.json', 'secret-version-ids'],
    ]);
  });

  it('assembles one inventory from paginated SDK exports', async () => {
    const { inventory, approvals } = await loadSnapshotDir(SDK_PAGES);
    expect(inventory.accountId).toBe('123456789012');
    expect(inventory.readAt).toBe('2026-11-19T06:00:00.000Z');
    expect(inventory.coverage).toEqual({ iam: true, credentialReport: true, secrets: true });
    expect(inventory.users.map((u) => u.name)).toEqual(['Alice', 'Bob', 'Charlie']);
    expect(inventory.users.find((u) => u.name === 'Alice')?.accessKeys).toHaveLength(2);
    expect(inventory.root?.accessKeys).toEqual([{ slot: 1, active: true, createdAt: '2019-01-01T00:00:00.000Z' }]);
    expect(inventory.secrets).toHaveLength(4);
    expect(inventory.secrets.find((s) => s.name === 'MyTestSecret')?.currentVersionCreatedAt).toBe('2018-04-11T22:37:01.391Z');
    expect(approvals.map((a) => a.ticketId)).toEqual(['CHG-1001', 'CHG-1002', 'CHG-1003', 'CHG-1004', 'CHG-1005', 'CHG-1006', 'CHG-1007']);
  });

  it('warns about skipped files and report rows for deleted users', async () => {
    const { warnings } = await loadSnapshotDir(SDK_PAGES);
    expect(warnings).toEqual([
      `skipped ${join(SDK_PAGES, 'README.md')}: not a recognised AWS export`,
      `${join(SDK_PAGES, 'creds.json')}: ignored rows for users not in the IAM export (deleted since the report?): Dave`,
    ]);
  });

  it('reads the same account from a CLI export with a raw CSV report as from SDK pages', async () => {
    const cli = await loadSnapshotDir(CLI_EXPORT);
    const sdk = await loadSnapshotDir(SDK_PAGES);
    expect(cli.inventory.users).toEqual(sdk.inventory.users);
    expect(cli.inventory.roles).toEqual(sdk.inventory.roles);
    expect(cli.inventory.groups).toEqual(sdk.inventory.groups);
    expect(cli.inventory.root).toEqual(sdk.inventory.root);
    expect(cli.inventory.coverage).toEqual({ iam: true, credentialReport: true, secrets: false });
  });

  it('falls back to the GAAD file time for readAt when no report states GeneratedTime, and says so', async () => {
    const dir = await snapshotDir({}, CLI_EXPORT);
    await utimes(join(dir, 'authz.txt'), new Date('2026-11-18T10:00:00Z'), new Date('2026-11-18T10:00:00Z'));
    const { inventory, warnings } = await loadSnapshotDir(dir);
    expect(inventory.readAt).toBe('2026-11-18T10:00:00.000Z');
    expect(warnings).toContainEqual(expect.stringMatching(/^readAt 2026-11-18T10:00:00.000Z is the modification time/));
  });

  it('takes the newest of several credential reports and warns', async () => {
    const creds = JSON.parse(readFileSync(join(SDK_PAGES, 'creds.json'), 'utf8')) as Record<string, unknown>;
    const dir = await snapshotDir({ 'older.json': { ...creds, GeneratedTime: '2026-10-01T00:00:00Z' } }, SDK_PAGES);
    const { inventory, warnings } = await loadSnapshotDir(dir);
    expect(inventory.readAt).toBe('2026-11-19T06:00:00.000Z');
    expect(warnings).toContainEqual(expect.stringMatching(/ignored credential report .*older\.json/));
  });

  it('fails naming the file when a .json export is truncated', async () => {
    const dir = await snapshotDir({ 'gaad.json': gaadText.slice(0, 500) });
    const err = await rejection(loadSnapshotDir(dir));
    expect(err.file).toBe(join(dir, 'gaad.json'));
    expect(err.message).toMatch(/gaad\.json: not valid JSON/);
  });

  it('fails on a truncated export under another name when it carries export keys', async () => {
    const dir = await snapshotDir({ 'authz.txt': gaadText.slice(0, 500) });
    await expect(loadSnapshotDir(dir)).rejects.toThrow(/authz\.txt: not valid JSON/);
  });

  it('skips, with a warning, a non-JSON file that holds no export', async () => {
    const dir = await snapshotDir({ 'authz.txt': gaadText, 'notes.txt': '{ half a thought', 'data.csv': 'a,b\n1,2\n' });
    const { warnings } = await loadSnapshotDir(dir);
    expect(warnings).toContain(`skipped ${join(dir, 'notes.txt')}: not a recognised AWS export`);
    expect(warnings).toContain(`skipped ${join(dir, 'data.csv')}: not a recognised AWS export`);
  });

  it('fails naming the record and field when a required field is missing', async () => {
    const data = gaad();
    delete (data.RoleDetailList as Record<string, unknown>[])[0]!.RoleName;
    const dir = await snapshotDir({ 'export.json': data });
    await expect(loadSnapshotDir(dir)).rejects.toThrow(`${join(dir, 'export.json')}: RoleDetailList[0].RoleName: required`);
  });

  it('fails when the directory holds no get-account-authorization-details export', async () => {
    const dir = await snapshotDir({ 'secrets.json': readFileSync(join(SDK_PAGES, 'secrets-c.json'), 'utf8') });
    await expect(loadSnapshotDir(dir)).rejects.toThrow(`no get-account-authorization-details export found in ${dir}`);
  });

  it('fails when ARNs come from two accounts', async () => {
    const other = gaadText.replaceAll('123456789012', '210987654321');
    const dir = await snapshotDir({ 'a.json': gaadText, 'b.json': other });
    await expect(loadSnapshotDir(dir)).rejects.toThrow(/ARNs from several accounts: 123456789012 .*210987654321/);
  });

  it('turns IAM coverage off when the only GAAD page says more follows', async () => {
    const dir = await snapshotDir({ 'p1.json': readFileSync(join(SDK_PAGES, 'page-1.json'), 'utf8') });
    const { inventory, warnings } = await loadSnapshotDir(dir);
    expect(inventory.coverage.iam).toBe(false);
    expect(warnings).toContainEqual(expect.stringMatching(/incomplete/));
  });

  it('reports access-key approvals of users on a missing last GAAD page as unverified, never as not provisioned', async () => {
    const dir = await snapshotDir({}, SDK_PAGES);
    await rm(join(dir, 'iam-page-2.txt'));
    const { inventory, approvals } = await loadSnapshotDir(dir);
    const result = reconcile(inventory, approvals, parsePolicy({}), '2026-11-20T00:00:00Z');
    expect(result.incomplete).toEqual(['iam']);
    expect(result.outcomes.find((o) => o.ticketId === 'CHG-1003')?.outcome).toBe('UNVERIFIED');
    expect(result.findings.filter((f) => f.type === 'APPROVED_NOT_PROVISIONED')).toEqual([]);
  });

  it("marks the keys of a user created after the credential report's GeneratedTime as unread", async () => {
    const frank = { UserName: 'Frank', UserId: 'AIDAFRANKEXAMPLE0001', Arn: 'arn:aws:iam::123456789012:user/Frank', CreateDate: '2026-11-19T07:30:00Z' };
    const approval = [{ ticketId: 'CHG-2001', principal: frank.Arn, entitlement: { kind: 'access-key' }, approvedBy: 'carol@example.com', approvedAt: '2026-11-17T00:00:00Z', status: 'approved' }];
    const dir = await snapshotDir({ 'frank.json': { UserDetailList: [frank], IsTruncated: false }, 'frank-approval.json': approval }, SDK_PAGES);
    const { inventory, approvals, warnings } = await loadSnapshotDir(dir);
    expect(inventory.keysUnread).toEqual([frank.Arn]);
    expect(inventory.keysReadAt).toBe('2026-11-19T06:00:00.000Z');
    expect(warnings).toContainEqual(expect.stringMatching(/no row for Frank/));
    const result = reconcile(inventory, approvals, parsePolicy({}), '2026-11-20T00:00:00Z');
    expect(result.outcomes.find((o) => o.ticketId === 'CHG-2001')?.outcome).toBe('UNVERIFIED');
    expect(result.keysUnread).toEqual([frank.Arn]);
  });

  it('ignores dotfiles and reports subdirectories as not read', async () => {
    const dir = await snapshotDir({ 'authz.txt': gaadText, '.DS_Store': 'binary' });
    await mkdir(join(dir, 'old'));
    const { warnings, files } = await loadSnapshotDir(dir);
    expect(files).toHaveLength(1);
    expect(warnings).toContain(`skipped ${join(dir, 'old')}/: subdirectories are not read`);
    expect(warnings.join()).not.toMatch(/DS_Store/);
  });

  it('fails with a SnapshotError when the directory does not exist', async () => {
    const err = await rejection(loadSnapshotDir(join(SDK_PAGES, 'missing')));
    expect(err.message).toMatch(/cannot read the snapshot directory/);
  });

  it('fails naming the row and field of a bad approval found in the directory', async () => {
    const dir = await snapshotDir({
      'authz.txt': gaadText,
      'tickets.txt': 'ticketId,principal,kind,target,approvedBy,approvedAt,expiresAt,risk,status\nCHG-9,arn:aws:iam::123456789012:user/Bob,identity,,x@example.com,soon,,,\n',
    });
    await expect(loadSnapshotDir(dir)).rejects.toThrow(`${join(dir, 'tickets.txt')}: row 2 (ticket CHG-9): approvedAt: not a date ("soon")`);
  });
});
