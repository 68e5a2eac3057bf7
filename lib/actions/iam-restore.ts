import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { EntitlementRef, EntitlementState } from './iam-entitlements';

/** What restoring one entitlement sends, one line each, for `--dry-run` and the restore record. */
export function restoreCalls(ref: EntitlementRef, before: EntitlementState): string[] {
  const who = `${ref.principalType} ${ref.principalName}`;
  const cap = ref.principalType[0]!.toUpperCase() + ref.principalType.slice(1);
  switch (ref.entitlement) {
    case 'managed-policy':
      return [`Attach${cap}Policy ${ref.target} to ${who}`];
    case 'group-membership':
      return [`AddUserToGroup ${ref.principalName} to group ${ref.target}`];
    case 'inline-policy':
      return [`Put${cap}Policy ${ref.target} on ${who} (the saved document, ${before.document?.length ?? 0} characters)`];
    case 'access-key':
      return (before.activeKeys ?? []).map((id) => `UpdateAccessKey ${id} of ${who} to Active`);
  }
}

/**
 * Puts back what a revocation removed, from the state saved before it: Attach{User,Role,Group}Policy,
 * AddUserToGroup, Put{User,Role,Group}Policy with the saved document, UpdateAccessKey Active for the
 * keys that were Active. Every one of these is idempotent in IAM, so a repeated restore changes nothing more.
 */
export async function restoreEntitlement(iam: IAMClient, ref: EntitlementRef, before: EntitlementState): Promise<void> {
  const { principalName: name, target } = ref;
  switch (ref.entitlement) {
    case 'managed-policy':
      if (ref.principalType === 'user') await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: target }));
      else if (ref.principalType === 'role') await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: target }));
      else await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: target }));
      return;
    case 'group-membership':
      await iam.send(new AddUserToGroupCommand({ UserName: name, GroupName: target }));
      return;
    case 'inline-policy': {
      const PolicyDocument = before.document;
      if (PolicyDocument === undefined) throw new Error(`no saved document for inline policy ${target}`);
      if (ref.principalType === 'user') await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: target, PolicyDocument }));
      else if (ref.principalType === 'role') await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: target, PolicyDocument }));
      else await iam.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName: target, PolicyDocument }));
      return;
    }
    case 'access-key':
      for (const id of before.activeKeys ?? []) await iam.send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: id, Status: 'Active' }));
  }
}
