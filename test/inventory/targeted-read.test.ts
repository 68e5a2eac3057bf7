import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { InventoryReadError } from '../../lib/inventory/inventory-errors';
import { readPrincipal } from '../../lib/inventory/targeted-read';
import { parseGaadPage } from '../../lib/aws-shapes/gaad';
import { parseSecretsPage } from '../../lib/aws-shapes/list-secrets';
import { clients, rawFixture, sdkFixture, throttling } from './targeted-fixtures';

const SECRET_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-Ca8JGt';

describe('readPrincipal (role)', () => {
  it('decodes the URL-encoded trust policy and keeps RoleLastUsed when GetRole returns them', async () => {
    const c = clients();
    const f = sdkFixture('role-test-role');
    const m = mockClient(c.iam);
    m.on(GetRoleCommand, { RoleName: 'Test-Role' }).resolves(f.GetRole);
    m.on(ListAttachedRolePoliciesCommand).resolves(f.ListAttachedRolePolicies);
    m.on(ListRolePoliciesCommand).resolves(f.ListRolePolicies);
    m.on(GetRolePolicyCommand, { PolicyName: 'ExamplePolicy' }).resolves(f.GetRolePolicy);

    const read = await readPrincipal(c, { arn: 'arn:aws:iam::123456789012:role/Test-Role' });
    expect(read).toMatchObject({ found: true, kind: 'role', groups: [], calls: 4 });
    expect(read.role).toMatchObject({
      roleId: 'AROADBQP57FF2AEXAMPLE',
      createdAt: '2013-04-18T05:01:58.000Z',
      lastUsedAt: '2026-11-01T08:30:00.000Z',
      tags: { owner: 'platform' },
      trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    });
    // The same state read by the snapshot loader from a GAAD page: the very same domain object.
    expect(read.role).toEqual(parseGaadPage(rawFixture('role-test-role').gaad, 'gaad').roles[0]);
  });

  it('returns found false when GetRole says NoSuchEntity', async () => {
    const c = clients();
    mockClient(c.iam).on(GetRoleCommand).rejects(Object.assign(new Error('Role not found'), { name: 'NoSuchEntityException', $metadata: {} }));
    expect(await readPrincipal(c, { roleName: 'Gone' })).toEqual({ found: false, kind: 'role', groups: [], unread: [], calls: 1 });
  });
});

describe('readPrincipal (group)', () => {
  it('reads metadata and policies without paging through members when the group has many', async () => {
    const c = clients();
    const f = sdkFixture('group-admins');
    const m = mockClient(c.iam);
    m.on(GetGroupCommand).resolves(f.GetGroup);
    m.on(ListAttachedGroupPoliciesCommand).resolves(f.ListAttachedGroupPolicies);
    m.on(ListGroupPoliciesCommand).resolves(f.ListGroupPolicies);
    m.on(GetGroupPolicyCommand, { PolicyName: 'BillingView' }).resolves(f.GetGroupPolicy);

    const read = await readPrincipal(c, { groupName: 'Admins' });
    expect(read.group).toEqual({
      arn: 'arn:aws:iam::123456789012:group/Admins',
      name: 'Admins',
      path: '/',
      attachedPolicies: [{ policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', policyName: 'AdministratorAccess' }],
      inlinePolicies: [
        { policyName: 'BillingView', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'aws-portal:View*', Resource: '*' }] } },
      ],
    });
    expect(read.calls).toBe(4);
    expect(m.commandCalls(GetGroupCommand).map((call) => call.args[0].input)).toEqual([{ GroupName: 'Admins', MaxItems: 1 }]);
  });
});

describe('readPrincipal (secret)', () => {
  it('maps DescribeSecret like a ListSecrets entry in one call when LastRotatedDate is present', async () => {
    const c = clients();
    const sm = mockClient(c.secrets);
    sm.on(DescribeSecretCommand, { SecretId: SECRET_ARN }).resolves(sdkFixture('secret-my-test-secret').DescribeSecret);

    const read = await readPrincipal(c, { arn: SECRET_ARN });
    expect(read).toMatchObject({ found: true, kind: 'secret', calls: 1 });
    expect(read.secret).toEqual({
      arn: SECRET_ARN,
      name: 'MyTestSecret',
      rotationEnabled: true,
      rotationDays: 2,
      createdAt: '2018-03-20T08:24:12.660Z',
      lastRotatedAt: '2018-05-08T02:40:53.720Z',
      lastChangedAt: '2018-04-11T20:05:45.729Z',
      lastAccessedAt: '2018-04-24T00:00:00.000Z',
      tags: { SecondTag: 'AnotherValue', FirstTag: 'SomeValue' },
    });
    const listed = parseSecretsPage({ SecretList: [rawFixture('secret-my-test-secret').DescribeSecret] }, 'list').secrets[0];
    expect(read.secret).toEqual(listed);
    expect(sm.commandCalls(ListSecretVersionIdsCommand)).toHaveLength(0);
  });

  it('takes currentVersionCreatedAt from the AWSCURRENT version when LastRotatedDate is absent', async () => {
    const c = clients();
    const f = sdkFixture('secret-my-test-secret');
    const sm = mockClient(c.secrets);
    sm.on(DescribeSecretCommand).resolves(f.DescribeSecretNeverRotated);
    sm.on(ListSecretVersionIdsCommand, { SecretId: SECRET_ARN }).resolves(f.ListSecretVersionIds);

    const read = await readPrincipal(c, { secretId: 'MyTestSecret' });
    expect(read.secret).toMatchObject({ rotationEnabled: false, currentVersionCreatedAt: '2018-04-11T22:37:01.391Z' });
    expect(read.secret).not.toHaveProperty('lastRotatedAt');
    expect(read.calls).toBe(2);
  });

  it('returns found false when DescribeSecret says ResourceNotFoundException', async () => {
    const c = clients();
    mockClient(c.secrets)
      .on(DescribeSecretCommand)
      .rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: { httpStatusCode: 400 } }));
    expect(await readPrincipal(c, { secretId: 'gone' })).toEqual({ found: false, kind: 'secret', groups: [], unread: [], calls: 1 });
  });

  it('throws InventoryReadError naming DescribeSecret when it is throttled', async () => {
    const c = clients();
    mockClient(c.secrets).on(DescribeSecretCommand).rejects(throttling());
    await expect(readPrincipal(c, { secretId: 'MyTestSecret' })).rejects.toMatchObject({
      name: 'InventoryReadError',
      operation: 'DescribeSecret',
      cause: { name: 'Throttling' },
    });
  });

  it('refuses without a call when the secret ARN is in another region than the client', async () => {
    const c = clients('eu-west-1');
    const sm = mockClient(c.secrets);
    const err = await readPrincipal(c, { arn: SECRET_ARN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryReadError);
    expect(String(err)).toContain('us-west-2');
    expect(sm.calls()).toHaveLength(0);
  });

  it('refuses without a call when a secretId ARN is in another region than the client', async () => {
    const c = clients('eu-west-1');
    const sm = mockClient(c.secrets);
    const err = await readPrincipal(c, { secretId: SECRET_ARN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryReadError);
    expect(String(err)).toContain('us-west-2');
    expect(sm.calls()).toHaveLength(0);
  });
});

describe('readPrincipal (ref)', () => {
  it('throws a TypeError when the ref names no entity, several, or an unsupported ARN', async () => {
    const c = clients();
    await expect(readPrincipal(c, {})).rejects.toBeInstanceOf(TypeError);
    await expect(readPrincipal(c, { userName: 'a', roleName: 'b' })).rejects.toBeInstanceOf(TypeError);
    await expect(readPrincipal(c, { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).rejects.toBeInstanceOf(TypeError);
  });
});
