import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byArnOrder, mergeGaadPages, parseGaadPage } from '../../lib/aws-shapes/gaad';
import { SnapshotError } from '../../lib/aws-shapes/snapshot-error';
import { CLI_EXPORT, SDK_PAGES } from '../snapshot/snapshot-dir';

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const cliExport = () => readJson(join(CLI_EXPORT, 'authz.txt'));
const page1 = () => readJson(join(SDK_PAGES, 'page-1.json'));
const page2 = () => readJson(join(SDK_PAGES, 'iam-page-2.txt'));

function thrown(f: () => unknown): SnapshotError {
  try {
    f();
  } catch (err) {
    if (err instanceof SnapshotError) return err;
    throw err;
  }
  throw new Error('expected a SnapshotError');
}

describe('parseGaadPage', () => {
  it('reads users, groups, roles and managed policies from an AWS CLI export', () => {
    const page = parseGaadPage(cliExport(), 'authz.txt');
    expect(page.users.map((u) => u.name)).toEqual(['Alice', 'Bob', 'Charlie']);
    expect(page.users[0]).toMatchObject({
      arn: 'arn:aws:iam::123456789012:user/Alice',
      userId: 'AIDACKCEVSQ6C2EXAMPLE',
      path: '/',
      createdAt: '2013-10-14T18:32:24.000Z',
      groups: ['Admins'],
      tags: { 'tally:exempt': 'break-glass' },
      accessKeys: [],
    });
    expect(page.roles[0]).toMatchObject({ name: 'EC2role', roleId: 'AROAFP4BKI7Y7TEXAMPLE', lastUsedAt: '2026-11-01T08:30:00.000Z', tags: { team: 'platform' } });
    expect(page.roles[0]?.attachedPolicies).toContainEqual({ policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess', policyName: 'AmazonS3FullAccess' });
    expect(page.last).toBe(true);
  });

  it('accepts a lone AttachedManagedPolicies object, as the AWS CLI docs example prints for groups', () => {
    const admins = parseGaadPage(cliExport(), 'authz.txt').groups.find((g) => g.name === 'Admins');
    expect(admins?.attachedPolicies).toEqual([{ policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', policyName: 'AdministratorAccess' }]);
  });

  it('takes the default version document of a managed policy', () => {
    const policy = parseGaadPage(cliExport(), 'authz.txt').policies.find((p) => p.name === 'S3-read-only-specific-bucket');
    expect(policy?.document).toMatchObject({ Statement: [{ Action: ['s3:Get*', 's3:List*'] }] });
  });

  it('decodes URL-encoded policy documents to the same objects as the CLI export holds', () => {
    const cli = parseGaadPage(cliExport(), 'authz.txt');
    const sdk = mergeGaadPages([parseGaadPage(page1(), 'page-1.json'), parseGaadPage(page2(), 'iam-page-2.txt')]);
    const bob = (users: typeof cli.users) => users.find((u) => u.name === 'Bob')?.inlinePolicies;
    expect(bob(sdk.users)).toEqual(bob(cli.users));
    expect(sdk.roles[0]?.trustPolicy).toEqual(cli.roles[0]?.trustPolicy);
    expect(sdk.groups.find((g) => g.name === 'Finance')?.inlinePolicies).toEqual(cli.groups.find((g) => g.name === 'Finance')?.inlinePolicies);
    expect(sdk.policies.map((p) => p.document)).toEqual(
      [...cli.policies].sort(byArnOrder).map((p) => p.document),
    );
  });

  it('reads a CreateDate written with a space instead of T', () => {
    expect(parseGaadPage(page2(), 'p2').roles[0]?.createdAt).toBe('2014-07-30T17:09:20.000Z');
  });

  it('names the record and field when a required field is missing', () => {
    const data = cliExport();
    delete (data.UserDetailList as Record<string, unknown>[])[2]!.Arn;
    const err = thrown(() => parseGaadPage(data, 'gaad.json'));
    expect(err).toMatchObject({ file: 'gaad.json', record: 'UserDetailList[2]', field: 'Arn' });
    expect(err.message).toBe('gaad.json: UserDetailList[2].Arn: required');
  });

  it('names the record, field and value of a date that is not one', () => {
    const data = cliExport();
    (data.UserDetailList as Record<string, unknown>[])[1]!.CreateDate = 'yesterday';
    expect(() => parseGaadPage(data, 'gaad.json')).toThrow('gaad.json: UserDetailList[1].CreateDate: not a date ("yesterday")');
  });

  it('names the nested field of a policy document that cannot be decoded', () => {
    const data = cliExport();
    const bob = (data.UserDetailList as Record<string, Record<string, unknown>[]>[])[1]!;
    bob.UserPolicyList![0]!.PolicyDocument = '%7B%22Version';
    const err = thrown(() => parseGaadPage(data, 'gaad.json'));
    expect(err.record).toBe('UserDetailList[1]');
    expect(err.field).toBe('UserPolicyList[0].PolicyDocument');
  });

  it('defaults absent lists, tags and path to empty values', () => {
    const user = { UserName: 'u', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/u', CreateDate: '2026-01-01T00:00:00Z' };
    expect(parseGaadPage({ UserDetailList: [user] }, 'min.json').users[0]).toEqual({
      arn: user.Arn,
      name: 'u',
      path: '/',
      userId: 'AIDAEXAMPLE',
      createdAt: '2026-01-01T00:00:00.000Z',
      groups: [],
      attachedPolicies: [],
      inlinePolicies: [],
      tags: {},
      accessKeys: [],
    });
  });

  it('tolerates unknown fields (PermissionsBoundary, $metadata, InstanceProfileList)', () => {
    const data = page1();
    (data.UserDetailList as Record<string, unknown>[])[0]!.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/X' };
    expect(() => parseGaadPage(data, 'p1')).not.toThrow();
  });
});

describe('mergeGaadPages', () => {
  it('merges GAAD pages when the export is paginated', () => {
    const merged = mergeGaadPages([parseGaadPage(page1(), 'page-1.json'), parseGaadPage(page2(), 'iam-page-2.txt')]);
    expect(merged.users.map((u) => u.name)).toEqual(['Alice', 'Bob', 'Charlie']);
    expect(merged.groups.map((g) => g.name)).toEqual(['Admins', 'Dev', 'Finance']);
    expect(merged.roles.map((r) => r.name)).toEqual(['EC2role']);
    expect(merged.policies).toHaveLength(3);
    expect(merged.complete).toBe(true);
    expect(merged.warnings).toEqual([]);
  });

  it('gives the same result whatever order the pages come in', () => {
    const a = mergeGaadPages([parseGaadPage(page1(), 'a'), parseGaadPage(page2(), 'b')]);
    const b = mergeGaadPages([parseGaadPage(page2(), 'b'), parseGaadPage(page1(), 'a')]);
    expect(b.users).toEqual(a.users);
    expect(b.policies).toEqual(a.policies);
  });

  it('warns and keeps the first when the same ARN differs between pages', () => {
    const other = page2();
    (other.UserDetailList as Record<string, unknown>[])[1]!.GroupList = ['Dev'];
    const merged = mergeGaadPages([parseGaadPage(page1(), 'page-1.json'), parseGaadPage(other, 'page-2.json')]);
    expect(merged.users.find((u) => u.name === 'Bob')?.groups).toEqual(['Admins']);
    expect(merged.warnings).toEqual([expect.stringContaining('arn:aws:iam::123456789012:user/Bob differs between page-1.json and page-2.json')]);
  });

  it('marks IAM as incomplete when every page says more follows', () => {
    const merged = mergeGaadPages([parseGaadPage(page1(), 'page-1.json')]);
    expect(merged.complete).toBe(false);
    expect(merged.warnings.join()).toMatch(/incomplete/);
  });

  it('treats a page that carries a Marker as one more pages follow, even without IsTruncated', () => {
    const { IsTruncated: _truncated, ...withoutFlag } = page1();
    expect(parseGaadPage(withoutFlag, 'p1.json').last).toBe(false);
    expect(mergeGaadPages([parseGaadPage(withoutFlag, 'p1.json')]).complete).toBe(false);
  });

  it('treats an AWS CLI export cut short by --max-items (NextToken) as incomplete', () => {
    const data = { ...cliExport(), NextToken: 'eyJNYXJrZXIiOiBudWxsfQ==' };
    expect(parseGaadPage(data, 'cli.json').last).toBe(false);
  });
});
