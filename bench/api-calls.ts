import {
  GetAccessKeyLastUsedCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, GetGroupCommand, GetRoleCommand, GetUserCommand,
  GetUserPolicyCommand, IAMClient, ListAccessKeysCommand, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand, ListGroupPoliciesCommand, ListGroupsForUserCommand, ListRolePoliciesCommand, ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { ListSecretsCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { CallCounter } from '../lib/aws/call-counter';
import { readLiveInventory } from '../lib/inventory/live-inventory';
import { readPrincipal } from '../lib/inventory/targeted-read';
import { credentialReportCsv, sdkGroup, sdkRole, sdkSecret, sdkUser } from './sdk-shapes';
import { BENCH_NOW, syntheticAccount } from './synthetic-account';

export interface ApiCallFigures {
  principals: number;
  tallySweepCalls: number;
  tallyByOperation: Record<string, number>;
  perPrincipalCalls: number;
  eventPathUserCalls: number;
  eventPathRoleCalls: number;
}

/** Mocks IAM and Secrets Manager with the synthetic account, as AWS pages it (GAAD 1 000 items, ListSecrets 100). */
function mockAccount(principals: number) {
  const { inventory } = syntheticAccount(principals, 0);
  type Item = { user?: ReturnType<typeof sdkUser>; group?: ReturnType<typeof sdkGroup>; role?: ReturnType<typeof sdkRole> };
  const items: Item[] = [...inventory.users.map((u) => ({ user: sdkUser(u) })), ...inventory.groups.map((g) => ({ group: sdkGroup(g) })), ...inventory.roles.map((r) => ({ role: sdkRole(r) }))];
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
    const start = Number(input.Marker ?? 0);
    const page = items.slice(start, start + (input.MaxItems ?? 100));
    const merged = { UserDetailList: page.flatMap((p) => p.user ?? []), GroupDetailList: page.flatMap((p) => p.group ?? []), RoleDetailList: page.flatMap((p) => p.role ?? []), Policies: [] };
    const next = start + page.length;
    return next < items.length ? { ...merged, IsTruncated: true, Marker: String(next) } : { ...merged, IsTruncated: false };
  });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(credentialReportCsv(inventory.users)), ReportFormat: 'text/csv', GeneratedTime: new Date(BENCH_NOW) });
  const secrets = inventory.secrets.map(sdkSecret);
  sm.on(ListSecretsCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
    const start = Number(input.NextToken ?? 0);
    const next = start + (input.MaxResults ?? 100);
    return { SecretList: secrets.slice(start, next), ...(next < secrets.length ? { NextToken: String(next) } : {}) };
  });
  sm.on(ListSecretVersionIdsCommand).resolves({ Versions: [] });
  // The event path and the per-principal approach: the same principals through Get/List calls.
  const user = sdkUser(inventory.users[0]!);
  iam.on(GetUserCommand).resolves({ User: { Path: user.Path, UserName: user.UserName, UserId: user.UserId, Arn: user.Arn, CreateDate: user.CreateDate } });
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: user.AttachedManagedPolicies, IsTruncated: false });
  iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: user.UserPolicyList.map((p) => p.PolicyName), IsTruncated: false });
  iam.on(GetUserPolicyCommand).resolves({ UserName: user.UserName, PolicyName: 'inline', PolicyDocument: user.UserPolicyList[0]!.PolicyDocument });
  iam.on(ListGroupsForUserCommand).resolves({ Groups: user.GroupList.map((g) => ({ GroupName: g, GroupId: `AGPA${g}`, Arn: `arn:aws:iam::123456789012:group/${g}`, Path: '/', CreateDate: new Date(BENCH_NOW) })), IsTruncated: false });
  iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: user.UserName, AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: new Date(BENCH_NOW) }], IsTruncated: false });
  iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: user.UserName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
  const role = sdkRole(inventory.roles[0]!);
  iam.on(GetRoleCommand).resolves({ Role: { ...role, CreateDate: role.CreateDate } });
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: role.AttachedManagedPolicies, IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(GetGroupCommand).resolves({ Group: { Path: '/', GroupName: 'g0', GroupId: 'AGPAg0', Arn: 'arn:aws:iam::123456789012:group/g0', CreateDate: new Date(BENCH_NOW) }, Users: [], IsTruncated: false });
  return { inventory, restore: () => (iam.restore(), sm.restore()) };
}

/** API calls of one full sweep (counted on the client), against what reading each principal separately costs. */
export async function measureApiCalls(principals: number): Promise<ApiCallFigures> {
  const { inventory, restore } = mockAccount(principals);
  try {
    const clients = { iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) };
    const live = await readLiveInventory(clients, { now: new Date(BENCH_NOW), wait: { elapsedMs: () => 0, sleep: async () => undefined }, minRotationDays: 30 });
    const perCall = async (ref: Parameters<typeof readPrincipal>[1]) => {
      const counter = new CallCounter();
      await readPrincipal(clients, ref, { counter });
      return counter.total;
    };
    const userCalls = await perCall({ userName: inventory.users[0]!.name });
    const roleCalls = await perCall({ roleName: inventory.roles[0]!.name });
    const groupCalls = await perCall({ groupName: inventory.groups[0]!.name });
    // ListUsers/ListRoles/ListGroups pages (1 000 a page) plus the same per-principal reads for each.
    const listPages = Math.ceil(inventory.users.length / 1000) + Math.ceil(inventory.roles.length / 1000) + Math.ceil(inventory.groups.length / 1000);
    return {
      principals,
      tallySweepCalls: live.totalCalls,
      tallyByOperation: live.calls,
      perPrincipalCalls: listPages + inventory.users.length * (userCalls - 1) + inventory.roles.length * (roleCalls - 1) + inventory.groups.length * (groupCalls - 1),
      eventPathUserCalls: userCalls,
      eventPathRoleCalls: roleCalls,
    };
  } finally {
    restore();
  }
}
