import {
  GetAccessKeyLastUsedCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, GetGroupCommand, GetGroupPolicyCommand, GetRoleCommand,
  GetRolePolicyCommand, GetUserCommand, GetUserPolicyCommand, ListAccessKeysCommand, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand, ListGroupPoliciesCommand, ListGroupsForUserCommand, ListRolePoliciesCommand, ListUserPoliciesCommand, NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { DescribeSecretCommand, ListSecretsCommand, ListSecretVersionIdsCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import type { AccessKey, IamUser, Inventory } from '../lib/core/inventory';
import { acceptingSinks, awsMocks, receivedCalls, type AwsMocks } from '../test/support/aws-mocks';
import { credentialReportCsv, groupId, sdkAccessKeyLastUsed, sdkAccessKeys, sdkGroup, sdkPolicy, sdkRole, sdkSecret, sdkSecretVersions, sdkUser } from './sdk-shapes';

/** The mocked account: its state (change it between runs), and what every service received. */
export interface AccountMocks {
  inventory: Inventory;
  mocks: AwsMocks;
  /** When IAM says the credential report was generated (a report under 4 hours old is reused). */
  reportGeneratedAt: Date;
  /** Calls the mocks received since the last {@link AccountMocks.resetHistory}, by `service:Operation`. */
  received(dynamoRequests: readonly string[]): Record<string, number>;
  resetHistory(): void;
  restore(): void;
}

const notFound = (what: string) => new NoSuchEntityException({ message: `The ${what} cannot be found.`, $metadata: { httpStatusCode: 404 } });
const page = <T>(items: T[], marker: string | undefined, max: number) => {
  const start = Number(marker ?? 0);
  const next = start + max;
  return { items: items.slice(start, next), ...(next < items.length ? { IsTruncated: true, Marker: String(next) } : { IsTruncated: false }) };
};

/**
 * Every IAM, Secrets Manager, STS, Security Hub and EventBridge operation a sweep or an event may
 * call, answered from `inventory` at call time in the AWS-documented response shapes and page sizes
 * (GetAccountAuthorizationDetails by MaxItems, ListSecrets by MaxResults; IAM lists 100 a page).
 * Security Hub and EventBridge accept everything.
 */
export function mockAccount(inventory: Inventory, reportGeneratedAt: Date): AccountMocks {
  const mocks = awsMocks();
  acceptingSinks(mocks, inventory.accountId);
  const { iam, sm } = mocks;
  const state: AccountMocks = {
    inventory,
    mocks,
    reportGeneratedAt,
    received: (dynamo) => receivedCalls(mocks, dynamo),
    resetHistory: () => Object.values(mocks).forEach((m) => m.resetHistory()),
    restore: () => Object.values(mocks).forEach((m) => m.restore()),
  };
  const inv = () => state.inventory;
  const user = (name: string | undefined) => {
    const u = inv().users.find((x) => x.name === name);
    if (!u) throw notFound(`user with name ${name}`);
    return u;
  };
  const group = (name: string | undefined) => {
    const g = inv().groups.find((x) => x.name === name);
    if (!g) throw notFound(`group with name ${name}`);
    return g;
  };
  const role = (name: string | undefined) => {
    const r = inv().roles.find((x) => x.name === name);
    if (!r) throw notFound(`role with name ${name}`);
    return r;
  };
  const keyOf = (id: string | undefined): [IamUser, AccessKey] => {
    for (const u of inv().users) for (const k of u.accessKeys) if (k.accessKeyId === id) return [u, k];
    throw notFound(`Access Key with id ${id}`);
  };

  type Item = { UserDetailList?: unknown; GroupDetailList?: unknown; RoleDetailList?: unknown; Policies?: unknown };
  let items: Item[] = [];
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
    // The account as it is when a listing starts; its later pages continue that listing.
    if (input.Marker === undefined) {
      const a = inv();
      const attachments = new Map<string, number>();
      for (const p of [...a.users, ...a.groups, ...a.roles]) for (const x of p.attachedPolicies) attachments.set(x.policyArn, (attachments.get(x.policyArn) ?? 0) + 1);
      items = [
        ...a.users.map((u) => ({ UserDetailList: sdkUser(u) })),
        ...a.groups.map((g) => ({ GroupDetailList: sdkGroup(g) })),
        ...a.roles.map((r) => ({ RoleDetailList: sdkRole(r) })),
        ...a.policies.map((p) => ({ Policies: sdkPolicy(p, attachments.get(p.arn) ?? 0) })),
      ];
    }
    const { items: slice, ...more } = page(items, input.Marker, input.MaxItems ?? 100);
    const list = (k: keyof Item) => slice.flatMap((i) => (i[k] === undefined ? [] : [i[k]]));
    return { UserDetailList: list('UserDetailList'), GroupDetailList: list('GroupDetailList'), RoleDetailList: list('RoleDetailList'), Policies: list('Policies'), ...more };
  });
  iam.on(GetCredentialReportCommand).callsFake(() => ({
    Content: new TextEncoder().encode(credentialReportCsv(inv().users, inv().accountId)), ReportFormat: 'text/csv', GeneratedTime: state.reportGeneratedAt,
  }));
  iam.on(ListAccessKeysCommand).callsFake((input: { UserName?: string; Marker?: string }) => {
    const { items, ...more } = page(sdkAccessKeys(user(input.UserName)), input.Marker, 100);
    return { AccessKeyMetadata: items, ...more };
  });
  iam.on(GetAccessKeyLastUsedCommand).callsFake((input: { AccessKeyId?: string }) => sdkAccessKeyLastUsed(...keyOf(input.AccessKeyId)));
  iam.on(GetUserCommand).callsFake((input: { UserName?: string }) => {
    const { UserPolicyList: _p, GroupList: _g, AttachedManagedPolicies: _a, ...u } = sdkUser(user(input.UserName));
    return { User: u };
  });
  iam.on(ListGroupsForUserCommand).callsFake((input: { UserName?: string }) => ({
    Groups: user(input.UserName).groups.map((name) => {
      const { GroupPolicyList: _p, AttachedManagedPolicies: _a, ...g } = sdkGroup(group(name));
      return g;
    }),
    IsTruncated: false,
  }));
  iam.on(ListAttachedUserPoliciesCommand).callsFake((input: { UserName?: string }) => ({ AttachedPolicies: sdkUser(user(input.UserName)).AttachedManagedPolicies, IsTruncated: false }));
  iam.on(ListUserPoliciesCommand).callsFake((input: { UserName?: string }) => ({ PolicyNames: user(input.UserName).inlinePolicies.map((p) => p.policyName), IsTruncated: false }));
  iam.on(GetUserPolicyCommand).callsFake((input: { UserName?: string; PolicyName?: string }) => {
    const p = sdkUser(user(input.UserName)).UserPolicyList.find((x) => x.PolicyName === input.PolicyName);
    if (!p) throw notFound(`user policy with name ${input.PolicyName}`);
    return { UserName: input.UserName, ...p };
  });
  iam.on(GetGroupCommand).callsFake((input: { GroupName?: string }) => {
    const g = group(input.GroupName);
    const members = inv().users.filter((u) => u.groups.includes(g.name)).slice(0, 1);
    return { Group: { Path: g.path, GroupName: g.name, GroupId: groupId(g), Arn: g.arn, CreateDate: sdkGroup(g).CreateDate }, Users: members.map((u) => { const { UserPolicyList: _p, GroupList: _g, AttachedManagedPolicies: _a, Tags: _t, ...x } = sdkUser(u); return x; }), IsTruncated: false };
  });
  iam.on(ListAttachedGroupPoliciesCommand).callsFake((input: { GroupName?: string }) => ({ AttachedPolicies: sdkGroup(group(input.GroupName)).AttachedManagedPolicies, IsTruncated: false }));
  iam.on(ListGroupPoliciesCommand).callsFake((input: { GroupName?: string }) => ({ PolicyNames: group(input.GroupName).inlinePolicies.map((p) => p.policyName), IsTruncated: false }));
  iam.on(GetGroupPolicyCommand).callsFake((input: { GroupName?: string; PolicyName?: string }) => {
    const p = sdkGroup(group(input.GroupName)).GroupPolicyList.find((x) => x.PolicyName === input.PolicyName);
    if (!p) throw notFound(`group policy with name ${input.PolicyName}`);
    return { GroupName: input.GroupName, ...p };
  });
  iam.on(GetRoleCommand).callsFake((input: { RoleName?: string }) => {
    const { RolePolicyList: _p, AttachedManagedPolicies: _a, InstanceProfileList: _i, ...r } = sdkRole(role(input.RoleName));
    return { Role: r };
  });
  iam.on(ListAttachedRolePoliciesCommand).callsFake((input: { RoleName?: string }) => ({ AttachedPolicies: sdkRole(role(input.RoleName)).AttachedManagedPolicies, IsTruncated: false }));
  iam.on(ListRolePoliciesCommand).callsFake((input: { RoleName?: string }) => ({ PolicyNames: role(input.RoleName).inlinePolicies.map((p) => p.policyName), IsTruncated: false }));
  iam.on(GetRolePolicyCommand).callsFake((input: { RoleName?: string; PolicyName?: string }) => {
    const p = sdkRole(role(input.RoleName)).RolePolicyList.find((x) => x.PolicyName === input.PolicyName);
    if (!p) throw notFound(`role policy with name ${input.PolicyName}`);
    return { RoleName: input.RoleName, ...p };
  });

  sm.on(ListSecretsCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
    const start = Number(input.NextToken ?? 0);
    const next = start + (input.MaxResults ?? 100);
    const secrets = inv().secrets;
    return { SecretList: secrets.slice(start, next).map(sdkSecret), ...(next < secrets.length ? { NextToken: String(next) } : {}) };
  });
  const secret = (id: string | undefined) => {
    const s = inv().secrets.find((x) => x.arn === id || x.name === id);
    if (!s) throw new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: { httpStatusCode: 400 } });
    return s;
  };
  sm.on(ListSecretVersionIdsCommand).callsFake((input: { SecretId?: string }) => sdkSecretVersions(secret(input.SecretId)));
  sm.on(DescribeSecretCommand).callsFake((input: { SecretId?: string }) => {
    const { SecretVersionsToStages, ...s } = sdkSecret(secret(input.SecretId));
    return { ...s, VersionIdsToStages: SecretVersionsToStages };
  });
  return state;
}
