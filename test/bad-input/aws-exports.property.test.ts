import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectExport } from '../../lib/snapshot/detect-export';
import { parseGaadPage } from '../../lib/aws-shapes/gaad';
import { parseSecretsPage } from '../../lib/aws-shapes/list-secrets';
import { parseSecretVersions } from '../../lib/aws-shapes/secret-versions';
import { parseCredentialReportJson } from '../../lib/aws-shapes/credential-report';
import { ALWAYS_WRONG, attempt, expectNamed, fixtureJson, fixtureText, MAYBE_WRONG, snapshotError, type Json } from './support';

/**
 * Malformed AWS CLI / SDK exports (GAAD pages, list-secrets pages, version-id files): every one is
 * refused with a SnapshotError naming the file, the list entry and the field, never another error,
 * and no entry missing a required field is ever accepted.
 */

type ListName = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';

/** The fields each GAAD list entry must carry, and every field the parser reads. */
const GAAD: Record<ListName, { required: string[]; read: string[] }> = {
  UserDetailList: {
    required: ['UserName', 'UserId', 'Arn', 'CreateDate'],
    read: ['UserName', 'UserId', 'Arn', 'Path', 'CreateDate', 'UserPolicyList', 'GroupList', 'AttachedManagedPolicies', 'Tags'],
  },
  GroupDetailList: { required: ['GroupName', 'Arn'], read: ['GroupName', 'GroupId', 'Arn', 'Path', 'GroupPolicyList', 'AttachedManagedPolicies'] },
  RoleDetailList: {
    required: ['RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument'],
    read: ['RoleName', 'RoleId', 'Arn', 'Path', 'CreateDate', 'AssumeRolePolicyDocument', 'RolePolicyList', 'AttachedManagedPolicies', 'Tags', 'RoleLastUsed'],
  },
  Policies: { required: ['PolicyName', 'Arn'], read: ['PolicyName', 'Arn', 'DefaultVersionId', 'PolicyVersionList'] },
};
const LISTS = Object.keys(GAAD) as ListName[];

/** Both GAAD fixtures: an AWS CLI export and an SDK page. */
const GAAD_FILES = ['cli-export/authz.txt', 'sdk-pages/iam-page-2.txt'] as const;

const entryArb = fc.record({ file: fc.constantFrom(...GAAD_FILES), list: fc.constantFrom(...LISTS), pick: fc.nat() });

function entryOf(page: Json, list: ListName, pick: number): { index: number; entry: Json } | undefined {
  const entries = page[list] as Json[];
  if (entries.length === 0) return undefined;
  const index = pick % entries.length;
  return { index, entry: entries[index] };
}

describe('GAAD pages with broken entries', () => {
  it('refuses an entry with required fields removed, naming the file, the entry and a removed field', () => {
    const arb = fc.record({ at: entryArb, removed: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(arb, ({ at, removed }) => {
        const page = fixtureJson(at.file);
        const target = entryOf(page, at.list, at.pick);
        fc.pre(target !== undefined);
        const { required } = GAAD[at.list];
        const gone = [...new Set(removed.map((n) => required[n % required.length]!))];
        for (const field of gone) delete target!.entry[field];
        const error = snapshotError(() => parseGaadPage(page, at.file));
        expectNamed(error, { file: at.file, record: `${at.list}[${target!.index}]` });
        expect(gone).toContain(error.field);
        expect(error.reason).toBe('required');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a field of the wrong type, or accepts it only as a value of its type; never a dropped entry', () => {
    const arb = fc.record({
      at: entryArb,
      field: fc.nat(),
      value: fc.oneof(fc.constantFrom(...ALWAYS_WRONG, ...MAYBE_WRONG), fc.jsonValue()),
    });
    fc.assert(
      fc.property(arb, ({ at, field, value }) => {
        const page = fixtureJson(at.file);
        const target = entryOf(page, at.list, at.pick);
        fc.pre(target !== undefined);
        const { read } = GAAD[at.list];
        const key = read[field % read.length]!;
        target!.entry[key] = value;
        const r = attempt(() => parseGaadPage(page, at.file));
        if (r.ok) {
          expect(ALWAYS_WRONG).not.toContain(value);
          const parsed = { UserDetailList: r.value.users, GroupDetailList: r.value.groups, RoleDetailList: r.value.roles, Policies: r.value.policies };
          for (const list of LISTS) expect(parsed[list]).toHaveLength((page[list] as Json[]).length);
          return;
        }
        expectNamed(r.error, { file: at.file, record: `${at.list}[${target!.index}]` });
        expect(r.error.field === key || r.error.field?.startsWith(`${key}.`) || r.error.field?.startsWith(`${key}[`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an entry that is not an object, naming the entry', () => {
    fc.assert(
      fc.property(entryArb, fc.oneof(fc.constantFrom(null, 1, 'user', true), fc.array(fc.jsonValue(), { maxLength: 2 })), (at, garbage) => {
        const page = fixtureJson(at.file);
        const target = entryOf(page, at.list, at.pick);
        fc.pre(target !== undefined);
        (page[at.list] as Json[])[target!.index] = garbage;
        expectNamed(snapshotError(() => parseGaadPage(page, at.file)), { file: at.file, record: `${at.list}[${target!.index}]` });
      }),
    );
  });

  it('returns a page or a SnapshotError for any garbage document, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...LISTS, 'IsTruncated', 'Marker'), fc.jsonValue())), (data) => {
        for (const parse of [parseGaadPage, parseSecretsPage, parseSecretVersions, parseCredentialReportJson]) {
          const r = attempt(() => parse(data, 'garbage.json'));
          if (!r.ok) expect(r.error.file).toBe('garbage.json');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('truncated exports', () => {
  const exports = ['cli-export/authz.txt', 'sdk-pages/page-1.json', 'sdk-pages/creds.json', 'sdk-pages/secrets-c.json', 'sdk-pages/versions-my-test-secret.json'];
  const MARKER = /"(UserDetailList|GroupDetailList|RoleDetailList|SecretList|GeneratedTime|Versions|ticketId)"/;

  it('are refused naming the file when the name ends in .json, wherever the cut falls', () => {
    fc.assert(
      fc.property(fc.constantFrom(...exports), fc.double({ min: 0, max: 1, noNaN: true }), (path, at) => {
        const text = fixtureText(path).trim();
        const cut = text.slice(0, 1 + Math.floor(at * (text.length - 2)));
        const error = snapshotError(() => detectExport(cut, 'export.json'));
        expectNamed(error, { file: 'export.json' });
        expect(error.reason).toMatch(/not valid JSON/);
      }),
      { numRuns: 300 },
    );
  });

  it('are refused under any other name once the cut keeps an export key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...exports), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('page', 'page.txt', 'iam.out'), (path, at, name) => {
        const text = fixtureText(path).trim();
        const keyEnd = (MARKER.exec(text)?.index ?? 0) + (MARKER.exec(text)?.[0].length ?? 0);
        const cut = text.slice(0, keyEnd + Math.floor(at * (text.length - 1 - keyEnd)));
        expectNamed(snapshotError(() => detectExport(cut, name)), { file: name });
      }),
      { numRuns: 300 },
    );
  });
});

describe('list-secrets pages and version-id files with broken entries', () => {
  const SECRET_REQUIRED = ['ARN', 'Name'];
  const SECRET_READ = ['ARN', 'Name', 'RotationEnabled', 'RotationRules', 'LastRotatedDate', 'LastChangedDate', 'LastAccessedDate', 'DeletedDate', 'CreatedDate', 'OwningService', 'Tags'];
  const secretsFile = fc.constantFrom('sdk-pages/secrets-a.json', 'sdk-pages/secrets-c.json');

  it('refuses a secret without ARN or Name, naming the entry and the field', () => {
    fc.assert(
      fc.property(secretsFile, fc.nat(), fc.subarray(SECRET_REQUIRED, { minLength: 1 }), (file, pick, gone) => {
        const page = fixtureJson(file);
        const index = pick % page.SecretList.length;
        for (const f of gone) delete page.SecretList[index][f];
        const error = snapshotError(() => parseSecretsPage(page, file));
        expectNamed(error, { file, record: `SecretList[${index}]` });
        expect(gone).toContain(error.field);
      }),
    );
  });

  it('refuses a secret field of the wrong type, naming the entry and the field', () => {
    fc.assert(
      fc.property(secretsFile, fc.nat(), fc.constantFrom(...SECRET_READ), fc.constantFrom(...ALWAYS_WRONG, ...MAYBE_WRONG), (file, pick, key, value) => {
        const page = fixtureJson(file);
        const index = pick % page.SecretList.length;
        page.SecretList[index][key] = value;
        const r = attempt(() => parseSecretsPage(page, file));
        if (r.ok) {
          expect(ALWAYS_WRONG).not.toContain(value);
          expect(r.value.secrets).toHaveLength(page.SecretList.length);
          return;
        }
        expectNamed(r.error, { file, record: `SecretList[${index}]` });
        expect(r.error.field?.split(/[.[]/)[0]).toBe(key);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a version-id file without its ARN, or with a version missing VersionId or holding a bad date', () => {
    const file = 'sdk-pages/versions-my-test-secret.json';
    const wrong = fc.oneof(
      fc.tuple(fc.constant('VersionId'), fc.constantFrom(null, 42, '', [])),
      fc.tuple(fc.constantFrom('CreatedDate', 'LastAccessedDate'), fc.constantFrom(null, 'soon', '2026-02-30T00:00:00Z', {}, true)),
      fc.tuple(fc.constant('VersionStages'), fc.constantFrom(null, 'AWSCURRENT', {}, [1])),
    );
    fc.assert(
      fc.property(fc.nat(), wrong, (pick, [key, value]) => {
        const data = fixtureJson(file);
        const index = pick % data.Versions.length;
        data.Versions[index][key] = value;
        const error = snapshotError(() => parseSecretVersions(data, file));
        expectNamed(error, { file, record: `Versions[${index}]` });
        expect(error.field?.split(/[.[]/)[0]).toBe(key);
        const noArn = fixtureJson(file);
        delete noArn.ARN;
        expectNamed(snapshotError(() => parseSecretVersions(noArn, file)), { file, field: 'ARN' });
      }),
    );
  });
});
