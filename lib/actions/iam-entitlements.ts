import {
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  RemoveUserFromGroupCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { RevocableKind } from '../core/revocation-plan';
import { deactivateKey, listKeys } from './iam-keys';

/** One entitlement on one IAM principal, as a revocation names it. */
export interface EntitlementRef {
  entitlement: RevocableKind;
  principalType: 'user' | 'role' | 'group';
  principalName: string;
  /** Policy ARN, group name or inline policy name; empty for access keys. */
  target: string;
}

/**
 * The entitlement as IAM showed it right before a revocation (what `tally restore` puts back), or
 * right after. `document`: an inline policy's JSON, URL-decoded; `activeKeys`: the user's Active keys.
 */
export interface EntitlementState {
  present: boolean;
  document?: string;
  activeKeys?: string[];
}

const NOT_FOUND = new Set(['NoSuchEntityException', 'NoSuchEntity']);

/** IAM said the entity (user, role, group, policy, attachment, membership) does not exist. */
export function isNoSuchEntity(e: unknown): boolean {
  return e instanceof Error && NOT_FOUND.has(e.name);
}

/**
 * Reads what a revocation must save before it writes: an inline policy's document (Get{User,Role,Group}Policy;
 * IAM returns it URL-encoded, RFC 3986, and it is stored decoded) or the user's Active keys
 * (ListAccessKeys). A managed policy or a membership has nothing to save besides its name: undefined,
 * the write itself tells whether it was there. NoSuchEntity reads as `present: false`; other errors throw.
 */
export async function readBefore(iam: IAMClient, ref: EntitlementRef): Promise<EntitlementState | undefined> {
  try {
    if (ref.entitlement === 'inline-policy') {
      const doc = await getInlinePolicy(iam, ref);
      return doc === undefined ? { present: false } : { present: true, document: decodeURIComponent(doc) };
    }
    if (ref.entitlement === 'access-key') {
      const active = (await listKeys(iam, ref.principalName)).filter((k) => k.Status === 'Active' && k.AccessKeyId).map((k) => k.AccessKeyId!);
      return active.length ? { present: true, activeKeys: active } : { present: false, activeKeys: [] };
    }
    return undefined;
  } catch (e) {
    if (isNoSuchEntity(e)) return { present: false };
    throw e;
  }
}

async function getInlinePolicy(iam: IAMClient, ref: EntitlementRef): Promise<string | undefined> {
  const PolicyName = ref.target;
  const out =
    ref.principalType === 'user'
      ? await iam.send(new GetUserPolicyCommand({ UserName: ref.principalName, PolicyName }))
      : ref.principalType === 'role'
        ? await iam.send(new GetRolePolicyCommand({ RoleName: ref.principalName, PolicyName }))
        : await iam.send(new GetGroupPolicyCommand({ GroupName: ref.principalName, PolicyName }));
  return out.PolicyDocument;
}

/**
 * Removes exactly one entitlement: Detach{User,Role,Group}Policy, RemoveUserFromGroup,
 * Delete{User,Role,Group}Policy, or UpdateAccessKey Inactive on each key in `before.activeKeys`
 * (the key-expiry writer; never DeleteAccessKey). Returns the state after. Throws what IAM threw
 * (NoSuchEntity included: the caller tells "already absent" from a failure).
 */
export async function removeEntitlement(iam: IAMClient, ref: EntitlementRef, before: EntitlementState | undefined): Promise<EntitlementState> {
  const { principalName: name, target } = ref;
  switch (ref.entitlement) {
    case 'managed-policy':
      if (ref.principalType === 'user') await iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: target }));
      else if (ref.principalType === 'role') await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: target }));
      else await iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn: target }));
      return { present: false };
    case 'group-membership':
      await iam.send(new RemoveUserFromGroupCommand({ UserName: name, GroupName: target }));
      return { present: false };
    case 'inline-policy':
      if (ref.principalType === 'user') await iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: target }));
      else if (ref.principalType === 'role') await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: target }));
      else await iam.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName: target }));
      return { present: false };
    case 'access-key':
      for (const id of before?.activeKeys ?? []) await deactivateKey(iam, name, id);
      return { present: false, activeKeys: [] };
  }
}
