import {
  GetAccessKeyLastUsedCommand,
  GetGroupPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CallCounter } from '../../lib/aws/call-counter';
import { InventoryReadError } from '../../lib/inventory/inventory-errors';
import { readPrincipal } from '../../lib/inventory/targeted-read';
import { applyCredentialReport, parseCredentialReportJson } from '../../lib/aws-shapes/credential-report';
import { parseGaadPage } from '../../lib/aws-shapes/gaad';
import { clients, rawFixture, sdkFixture, throttling, type Json } from './targeted-fixtures';

/** Mocks every call a read of Bob makes, from the fixture. */
function mockBob(iam: IAMClient, f: Json = sdkFixture('user-bob')) {
  const m = mockClient(iam);
  m.on(GetUserCommand, { UserName: 'Bob' }).resolves(f.GetUser);
  m.on(ListAttachedUserPoliciesCommand).resolves(f.ListAttachedUserPolicies);
  m.on(ListUserPoliciesCommand).resolves(f.ListUserPolicies);
  m.on(GetUserPolicyCommand, { PolicyName: 'ExamplePolicy' }).resolves(f.GetUserPolicy);
  m.on(ListGroupsForUserCommand).resolves(f.ListGroupsForUser);
  m.on(ListAccessKeysCommand).resolves(f.ListAccessKeys);
  for (const [id, r] of Object.entries(f.GetAccessKeyLastUsed)) m.on(GetAccessKeyLastUsedCommand, { AccessKeyId: id }).resolves(r as Json);
  for (const [g, r] of Object.entries(f.ListAttachedGroupPolicies)) m.on(ListAttachedGroupPoliciesCommand, { GroupName: g }).resolves(r as Json);
  return m;
}

/** Bob as the snapshot loaders read the same state: a GAAD page joined with the credential report. */
function snapshotBob() {
  const page = parseGaadPage(rawFixture('user-bob-gaad'), 'user-bob-gaad.json');
  const report = parseCredentialReportJson(rawFixture('user-bob-credential-report'), 'user-bob-credential-report.json');
  const [user] = applyCredentialReport(page.users, report).users;
  if (!user) throw new Error('fixture has no user');
  return { user, groups: page.groups };
}

describe('readPrincipal (user)', () => {
  it('produces the snapshot loaders’ user and groups when the same state is read live', async () => {
    const c = clients();
    mockBob(c.iam);
    const counter = new CallCounter();
    const read = await readPrincipal(c, { userName: 'Bob' }, { counter });
    const snap = snapshotBob();

    // The live read knows key ids; the report knows password and MFA facts (they cost extra calls live).
    const { passwordEnabled, mfaActive, ...comparable } = snap.user;
    expect({ passwordEnabled, mfaActive }).toEqual({ passwordEnabled: true, mfaActive: false });
    const ids = ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'];
    expect(read.user).toEqual({ ...comparable, accessKeys: snap.user.accessKeys.map((k, i) => ({ ...k, accessKeyId: ids[i] })) });
    expect(read.groups).toEqual(snap.groups);
    expect(read).toMatchObject({ found: true, kind: 'user', calls: 10 });

    expect(counter.byOperation()).toEqual({
      GetAccessKeyLastUsed: 2,
      GetUser: 1,
      GetUserPolicy: 1,
      ListAccessKeys: 1,
      ListAttachedGroupPolicies: 2,
      ListAttachedUserPolicies: 1,
      ListGroupsForUser: 1,
      ListUserPolicies: 1,
    });
  });

  it('decodes dates, the URL-encoded inline document and the tags when GetUser returns SDK v3 shapes', async () => {
    const c = clients();
    mockBob(c.iam);
    const { user } = await readPrincipal(c, { userName: 'Bob' });
    expect(user).toMatchObject({
      arn: 'arn:aws:iam::123456789012:user/Bob',
      userId: 'AIDAIOSFODNN7EXAMPLE',
      path: '/',
      createdAt: '2012-09-21T23:03:13.000Z',
      passwordLastUsedAt: '2026-10-01T08:00:00.000Z',
      groups: ['Admin', 's3-Users'],
      tags: { team: 'finance' },
    });
    expect(user?.inlinePolicies).toEqual([
      { policyName: 'ExamplePolicy', document: { Version: '2012-10-17', Statement: [expect.objectContaining({ Action: ['s3:GetObject', 's3:ListBucket'] })] } },
    ]);
    expect(user?.attachedPolicies.map((p) => p.policyName)).toEqual(['AdministratorAccess', 'SecurityAudit']);
  });

  it('numbers keys by creation date and leaves last use absent when GetAccessKeyLastUsed says N/A', async () => {
    const c = clients();
    mockBob(c.iam);
    const keys = (await readPrincipal(c, { userName: 'Bob' })).user?.accessKeys ?? [];
    expect(keys[0]).toEqual({
      slot: 1,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      active: true,
      createdAt: '2013-06-04T18:17:34.000Z',
      lastUsedAt: '2015-06-16T22:45:00.000Z',
      lastUsedService: 'iam',
      lastUsedRegion: 'us-east-1',
    });
    expect(keys[1]).toEqual({ slot: 2, accessKeyId: 'AKIAI44QH8DHBEXAMPLE', active: false, createdAt: '2013-06-06T20:42:26.000Z' });
  });

  it('reads the groups’ inline policies too when groupInlinePolicies is set', async () => {
    const c = clients();
    const m = mockBob(c.iam);
    m.on(ListGroupPoliciesCommand, { GroupName: 'Admin' }).resolves({ PolicyNames: [], IsTruncated: false });
    m.on(ListGroupPoliciesCommand, { GroupName: 's3-Users' }).resolves({ PolicyNames: ['Extra'], IsTruncated: false });
    m.on(GetGroupPolicyCommand, { GroupName: 's3-Users', PolicyName: 'Extra' }).resolves({
      GroupName: 's3-Users',
      PolicyName: 'Extra',
      PolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'),
    });
    const read = await readPrincipal(c, { userName: 'Bob' }, { groupInlinePolicies: true });
    expect(read.groups.find((g) => g.name === 's3-Users')?.inlinePolicies).toEqual([
      { policyName: 'Extra', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
    ]);
    expect(read.calls).toBe(13);
  });

  it('follows Marker when ListAttachedUserPolicies is truncated', async () => {
    const c = clients();
    const f = sdkFixture('user-bob');
    const m = mockBob(c.iam, f);
    const [first, second] = f.ListAttachedUserPolicies.AttachedPolicies;
    m.on(ListAttachedUserPoliciesCommand).callsFake((input: { Marker?: string }) =>
      input.Marker === 'page-2' ? { AttachedPolicies: [second], IsTruncated: false } : { AttachedPolicies: [first], IsTruncated: true, Marker: 'page-2' },
    );
    const read = await readPrincipal(c, { userName: 'Bob' });
    expect(read.user?.attachedPolicies.map((p) => p.policyName)).toEqual(['AdministratorAccess', 'SecurityAudit']);
    expect(m.commandCalls(ListAttachedUserPoliciesCommand).map((call) => call.args[0].input.Marker)).toEqual([undefined, 'page-2']);
    expect(read.calls).toBe(11);
  });

  it('returns found false after one call when GetUser says NoSuchEntity', async () => {
    const c = clients();
    mockClient(c.iam)
      .on(GetUserCommand)
      .rejects(new NoSuchEntityException({ message: 'The user with name Nobody cannot be found.', $metadata: { httpStatusCode: 404 } }));
    expect(await readPrincipal(c, { userName: 'Nobody' })).toEqual({ found: false, kind: 'user', groups: [], unread: [], calls: 1 });
  });

  it('throws InventoryReadError naming GetUser when GetUser is throttled, not a false "not found"', async () => {
    const c = clients();
    mockClient(c.iam).on(GetUserCommand).rejects(throttling());
    const err = await readPrincipal(c, { userName: 'Bob' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryReadError);
    expect(err).toMatchObject({ name: 'InventoryReadError', operation: 'GetUser', target: 'user Bob', cause: { name: 'Throttling' } });
  });

  it('throws InventoryReadError naming the key call when GetAccessKeyLastUsed is throttled', async () => {
    const c = clients();
    mockBob(c.iam).on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAI44QH8DHBEXAMPLE' }).rejects(throttling());
    await expect(readPrincipal(c, { userName: 'Bob' })).rejects.toMatchObject({
      operation: 'GetAccessKeyLastUsed',
      target: 'user Bob key AKIAI44QH8DHBEXAMPLE',
    });
  });

  it('reads by ARN and refuses an entity whose ARN differs from the one asked for', async () => {
    const c = clients();
    mockBob(c.iam);
    expect((await readPrincipal(c, { arn: 'arn:aws:iam::123456789012:user/Bob' })).user?.name).toBe('Bob');
    await expect(readPrincipal(c, { arn: 'arn:aws:iam::210987654321:user/Bob' })).rejects.toBeInstanceOf(InventoryReadError);
  });
});

describe('readPrincipal (user) with a scope', () => {
  const BOB = 'arn:aws:iam::123456789012:user/Bob';
  const callsOf = (m: ReturnType<typeof mockBob>) => m.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, '')).sort();

  it('reads GetUser and the one inline policy the event names, and reports every other part unread, when the scope names one policy', async () => {
    const c = clients();
    const m = mockBob(c.iam);
    const read = await readPrincipal(c, { userName: 'Bob' }, { scope: { parts: ['inline-policy'], inlinePolicy: { name: 'ExamplePolicy', put: true } } });
    expect(callsOf(m)).toEqual(['GetUser', 'GetUserPolicy']);
    expect(read.calls).toBe(2);
    expect(read.user).toMatchObject({ arn: BOB, attachedPolicies: [], groups: [], accessKeys: [], inlinePolicies: [expect.objectContaining({ policyName: 'ExamplePolicy' })] });
    expect(read.unread).toEqual([
      { principal: BOB, kind: 'access-key' },
      { principal: BOB, kind: 'group-membership' },
      { principal: BOB, kind: 'inline-policy', except: ['ExamplePolicy'] },
      { principal: BOB, kind: 'managed-policy' },
    ]);
  });

  it('counts the named inline policy not read when the event put it and IAM does not show it yet', async () => {
    const c = clients();
    const m = mockBob(c.iam);
    m.on(GetUserPolicyCommand, { PolicyName: 'Fresh' }).rejects(new NoSuchEntityException({ message: 'The user policy with name Fresh cannot be found.', $metadata: { httpStatusCode: 404 } }));
    const put = await readPrincipal(c, { userName: 'Bob' }, { scope: { parts: ['inline-policy'], inlinePolicy: { name: 'Fresh', put: true } } });
    expect(put.user?.inlinePolicies).toEqual([]);
    expect(put.unread).toContainEqual({ principal: BOB, kind: 'inline-policy' });
    const deleted = await readPrincipal(c, { userName: 'Bob' }, { scope: { parts: ['inline-policy'], inlinePolicy: { name: 'Fresh', put: false } } });
    expect(deleted.unread).toContainEqual({ principal: BOB, kind: 'inline-policy', except: ['Fresh'] });
  });

  it('reads only the access keys and their last use when the scope is access-key', async () => {
    const c = clients();
    const m = mockBob(c.iam);
    const read = await readPrincipal(c, { userName: 'Bob' }, { scope: { parts: ['access-key'] } });
    expect(callsOf(m)).toEqual(['GetAccessKeyLastUsed', 'GetAccessKeyLastUsed', 'GetUser', 'ListAccessKeys']);
    expect(read.user?.accessKeys.map((k) => k.accessKeyId)).toEqual(['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE']);
    expect(read.unread.map((u) => u.kind)).toEqual(['group-membership', 'inline-policy', 'managed-policy']);
  });

  it('reads the groups with their attached policies only when the scope is group-membership', async () => {
    const c = clients();
    const m = mockBob(c.iam);
    const read = await readPrincipal(c, { userName: 'Bob' }, { scope: { parts: ['group-membership'] } });
    expect(callsOf(m)).toEqual(['GetUser', 'ListAttachedGroupPolicies', 'ListAttachedGroupPolicies', 'ListGroupsForUser']);
    expect(read.groups.map((g) => g.name)).toEqual(['Admin', 's3-Users']);
    expect(read.unread.map((u) => u.kind)).toEqual(['access-key', 'inline-policy', 'managed-policy']);
  });
});
