import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approvalKey } from '../../lib/core/approval';
import { loadSnapshotDir, type LoadedSnapshot } from '../../lib/snapshot/load-snapshot';
import { SnapshotError } from '../../lib/aws-shapes/snapshot-error';
import { snapshotDir } from '../snapshot/snapshot-dir';
import { expectNamed, fixtureJson, fixtureText, SNAPSHOTS, type Json } from './support';

/**
 * What "the rest of the batch" means for a snapshot folder: nothing. A malformed export fails the
 * whole load, naming the file, the record and the field, because an export read in part would turn
 * everything it did not read into "not provisioned" or "unapproved" findings. What is not an export
 * at all (notes, other JSON) is skipped with a warning.
 */

async function loadError(dir: string): Promise<SnapshotError> {
  const outcome = await loadSnapshotDir(dir).then(
    (s) => s,
    (e: unknown) => e,
  );
  if (outcome instanceof SnapshotError) return outcome;
  if (outcome instanceof Error) throw outcome;
  const s = outcome as LoadedSnapshot;
  throw new Error(`the load succeeded: users ${s.inventory.users.map((u) => u.name)}, ${s.approvals.length} approvals, warnings ${JSON.stringify(s.warnings)}`);
}

const page1 = (): Json => fixtureJson('sdk-pages/page-1.json');
const page2Text = fixtureText('sdk-pages/iam-page-2.txt');

describe('a snapshot folder with a malformed GAAD page', () => {
  it('fails the load naming the file, the entry and the field when a user of page 1 lost its UserName', async () => {
    const broken = page1();
    delete broken.UserDetailList[1].UserName;
    const dir = await snapshotDir({ 'page-1.json': broken, 'page-2.json': page2Text });
    expectNamed(await loadError(dir), { file: join(dir, 'page-1.json'), record: 'UserDetailList[1]', field: 'UserName' });
  });

  it('fails the load naming the file when page 1 is truncated, whatever it is called, instead of dropping its users', async () => {
    const text = JSON.stringify(page1(), null, 2);
    const cut = text.slice(0, text.indexOf('"GroupDetailList"'));
    for (const name of ['page-1.json', 'iam-1.txt', 'p1']) {
      const dir = await snapshotDir({ [name]: cut, 'page-2.json': page2Text });
      const error = await loadError(dir);
      expectNamed(error, { file: join(dir, name) });
      expect(error.reason).toMatch(/not valid JSON/);
    }
  });
});

/**
 * Each export below is recognisably that export (its own keys are there) but one required field is
 * missing or of the wrong type. Each must fail the load naming the field — not be skipped as
 * "not a recognised AWS export", which silently drops every record the file holds.
 */
describe('a snapshot folder with an export that is recognisable but broken', () => {
  const approvals = fixtureJson('cli-export/approved.json') as Json[];
  const cases: { name: string; file: string; content: Json; record?: string; field: string }[] = [
    {
      name: 'an approvals JSON whose first record has no ticketId (the other records would be dropped)',
      file: 'approvals.json',
      content: [{ ...approvals[0], ticketId: undefined }, ...approvals.slice(1)],
      record: '[0]',
      field: 'ticketId',
    },
    { name: 'an approvals JSON whose first record is null', file: 'approvals.json', content: [null, ...approvals], record: '[0]', field: '' },
    {
      name: 'a GAAD page whose only list is null (its users would be dropped)',
      file: 'page-1.json',
      content: { UserDetailList: null, IsTruncated: true, Marker: 'EXAMPLE' },
      field: 'UserDetailList',
    },
    { name: 'a list-secrets page whose SecretList is null', file: 'secrets.json', content: { SecretList: null }, field: 'SecretList' },
    {
      name: 'a get-credential-report JSON without Content',
      file: 'creds.json',
      content: { ReportFormat: 'text/csv', GeneratedTime: '2026-11-19T06:00:00+00:00' },
      field: 'Content',
    },
    { name: 'a list-secret-version-ids export without its ARN', file: 'versions.json', content: { ...fixtureJson('sdk-pages/versions-my-test-secret.json'), ARN: undefined }, field: 'ARN' },
  ];

  it.each(cases)('fails the load naming the file and the field: $name', async ({ file, content, record, field }) => {
    const dir = await snapshotDir({ 'authz.txt': fixtureText('cli-export/authz.txt'), [file]: content });
    const error = await loadError(dir);
    expectNamed(error, { file: join(dir, file), ...(record !== undefined ? { record } : {}), ...(field !== '' ? { field } : {}) });
  });
});

describe('a snapshot folder is read by content, not by name', () => {
  const files = readdirSync(join(SNAPSHOTS, 'sdk-pages')).filter((n) => n !== 'README.md');
  const contents = files.map((n) => ({ text: fixtureText(`sdk-pages/${n}`), json: !n.endsWith('.csv') }));
  const reference = loadSnapshotDir(join(SNAPSHOTS, 'sdk-pages'));
  const sortedKeys = (s: LoadedSnapshot) => s.approvals.map(approvalKey).sort();

  it('yields the same inventory and approvals whatever the files are called and in whatever order they are read', async () => {
    const ref = await reference;
    const names = fc.uniqueArray(fc.stringMatching(/^[a-z0-9_-]{1,10}$/), { minLength: files.length, maxLength: files.length });
    await fc.assert(
      fc.asyncProperty(names, fc.array(fc.constantFrom('', '.txt', '.json', '.out'), { minLength: files.length, maxLength: files.length }), async (stems, exts) => {
        // A CSV may not be named .json (a .json file must hold JSON); anything else goes.
        const named = contents.map((c, i) => [`${stems[i]}${!c.json && exts[i] === '.json' ? '.txt' : exts[i]}`, c.text] as const);
        const dir = await snapshotDir(Object.fromEntries(named));
        const got = await loadSnapshotDir(dir);
        expect(got.inventory).toEqual(ref.inventory);
        expect(sortedKeys(got)).toEqual(sortedKeys(ref));
        expect(got.files.map((f) => f.kind).sort()).toEqual(ref.files.map((f) => f.kind).sort());
      }),
      { numRuns: 40 },
    );
  });
});
