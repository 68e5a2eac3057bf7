import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { z } from 'zod';
import type { AccessKey, IamGroup, IamUser } from '../core/inventory';
import { awsDate, optionalAwsDate, parseAwsDate } from '../aws-shapes/aws-date';
import { defined } from '../aws-shapes/defined';
import { parseGaadPage } from '../aws-shapes/gaad';
import { parseWith } from '../aws-shapes/zod-issues';
import { InventoryReadError } from './inventory-errors';
import { readGroupPolicies, toIamGroup } from './targeted-group';
import type { UserPart, UserReadScope } from './read-scope';
import { attempt, attemptOrMissing, iamPages, inlinePolicies, type Iam, type RawInlinePolicy } from './targeted-shared';

const keySchema = z.object({ AccessKeyId: z.string().min(1), Status: z.string(), CreateDate: awsDate() });

/** `N/A` is what GetAccessKeyLastUsed says for a key never used; the credential report says the same. */
const notNA = z.string().optional().transform((v) => (v === undefined || v === '' || v === 'N/A' ? undefined : v));
const lastUsedSchema = z.object({
  AccessKeyLastUsed: z.object({ LastUsedDate: optionalAwsDate(), ServiceName: notNA, Region: notNA }).optional(),
});

/**
 * ListAccessKeys (all pages) + GetAccessKeyLastUsed per key. Slots follow creation order, oldest
 * first, which is how the credential report numbers them; the key id is kept so an action can
 * confirm the very key it acts on.
 */
async function readAccessKeys(iam: Iam, userName: string): Promise<AccessKey[]> {
  const target = `user ${userName}`;
  const pages = await iamPages('ListAccessKeys', target, (Marker) => iam.send(new ListAccessKeysCommand({ UserName: userName, Marker })));
  const keys = pages
    .flatMap((p) => p.AccessKeyMetadata ?? [])
    .map((k) => parseWith(keySchema, k, `ListAccessKeys ${userName}`))
    .sort((a, b) => a.CreateDate.localeCompare(b.CreateDate) || a.AccessKeyId.localeCompare(b.AccessKeyId));
  if (keys.length > 2) {
    throw new InventoryReadError('ListAccessKeys', target, { cause: new Error(`${keys.length} keys: IAM allows 2 per user`) });
  }
  return Promise.all(
    keys.map(async (k, i): Promise<AccessKey> => {
      const op = 'GetAccessKeyLastUsed';
      const raw = await attempt(op, `${target} key ${k.AccessKeyId}`, () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId })));
      const used = parseWith(lastUsedSchema, raw, `${op} ${k.AccessKeyId}`).AccessKeyLastUsed;
      return {
        slot: i === 0 ? 1 : 2,
        accessKeyId: k.AccessKeyId,
        active: k.Status === 'Active',
        createdAt: k.CreateDate,
        ...defined({ lastUsedAt: used?.LastUsedDate, lastUsedService: used?.ServiceName, lastUsedRegion: used?.Region }),
      };
    }),
  );
}

/** What a targeted user read returns: the user and its groups with their policies. */
export interface UserRead {
  user: IamUser;
  groups: IamGroup[];
  /** The parts a scope left out (empty without one); `except` names the inline policy read after all. */
  unread: { kind: UserPart; except?: string[] }[];
}

/**
 * The one inline policy a scope names (GetUserPolicy). Not found: absent, unless the event put it,
 * when IAM may not show it yet: then it is not read.
 */
async function readNamedInline(iam: Iam, userName: string, named: NonNullable<UserReadScope['inlinePolicy']>, unread: UserRead['unread']): Promise<RawInlinePolicy[]> {
  const got = await attemptOrMissing('GetUserPolicy', `user ${userName} policy ${named.name}`, () =>
    iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: named.name })),
  );
  unread.push(got || !named.put ? { kind: 'inline-policy', except: [named.name] } : { kind: 'inline-policy' });
  return got ? [got] : [];
}

/**
 * Targeted read of one IAM user: GetUser (Tags, PasswordLastUsed), ListAttachedUserPolicies,
 * ListUserPolicies + GetUserPolicy per inline policy, ListGroupsForUser + ListAttachedGroupPolicies
 * per group (ListGroupPolicies + GetGroupPolicy per inline too when `groupInlinePolicies`), and
 * ListAccessKeys + GetAccessKeyLastUsed per key. Returns undefined when the user does not exist.
 * Calls: 5 + inline policies + keys + groups (more when a list is paged). A `scope` reads GetUser
 * and only the parts it names, and reports the others in `unread`.
 */
export async function readUser(
  iam: Iam,
  userName: string,
  options: { groupInlinePolicies?: boolean; scope?: UserReadScope } = {},
): Promise<UserRead | undefined> {
  const target = `user ${userName}`;
  const got = await attemptOrMissing('GetUser', target, () => iam.send(new GetUserCommand({ UserName: userName })));
  if (!got) return undefined;
  if (!got.User) throw new InventoryReadError('GetUser', target, { cause: new Error('response has no User') });

  const readGroups = async (): Promise<IamGroup[]> => {
    const pages = await iamPages('ListGroupsForUser', target, (Marker) => iam.send(new ListGroupsForUserCommand({ UserName: userName, Marker })));
    const groups = pages.flatMap((p) => p.Groups ?? []);
    return Promise.all(
      groups.map(async (g) => {
        const name = g.GroupName;
        if (!name) throw new InventoryReadError('ListGroupsForUser', target, { cause: new Error('a group has no GroupName') });
        const policies = await readGroupPolicies(iam, name, options.groupInlinePolicies === true);
        return toIamGroup(g, policies, `ListGroupsForUser ${userName}`);
      }),
    );
  };
  const { scope } = options;
  const unread: UserRead['unread'] = [];
  /** The part's read, or its empty value when the scope leaves it out (reported unread). */
  const part = <T>(kind: UserPart, read: () => Promise<T>, none: T): Promise<T> => {
    if (!scope || scope.parts.includes(kind)) return read();
    unread.push({ kind });
    return Promise.resolve(none);
  };
  const readInline = () =>
    scope?.inlinePolicy
      ? readNamedInline(iam, userName, scope.inlinePolicy, unread)
      : inlinePolicies(
          { operation: 'ListUserPolicies', fetch: (Marker) => iam.send(new ListUserPoliciesCommand({ UserName: userName, Marker })) },
          { operation: 'GetUserPolicy', fetch: (PolicyName) => iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName })) },
          target,
        );
  const [attached, inline, groups, accessKeys] = await Promise.all([
    part('managed-policy', () => iamPages('ListAttachedUserPolicies', target, (Marker) => iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }))), []),
    part('inline-policy', readInline, []),
    part('group-membership', readGroups, []),
    part('access-key', () => readAccessKeys(iam, userName), []),
  ]);

  const detail = {
    ...got.User,
    AttachedManagedPolicies: attached.flatMap((p) => p.AttachedPolicies ?? []),
    UserPolicyList: inline,
    GroupList: groups.map((g) => g.name),
  };
  const [user] = parseGaadPage({ UserDetailList: [detail] }, `GetUser ${userName}`).users;
  if (!user) throw new Error(`GetUser ${userName}: user did not parse`); // unreachable: parseGaadPage throws first
  // The credential report's password_last_used, read from GetUser instead; passwordEnabled and
  // mfaActive would cost GetLoginProfile and ListMFADevices, so they stay absent (unknown).
  const passwordLastUsedAt = parseAwsDate(got.User.PasswordLastUsed);
  unread.sort((a, b) => a.kind.localeCompare(b.kind));
  return { user: { ...user, accessKeys, ...defined({ passwordLastUsedAt }) }, groups, unread };
}
