import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  type AttachedPolicy,
  type Group,
} from '@aws-sdk/client-iam';
import type { IamGroup } from '../core/inventory';
import { parseGaadPage } from '../aws-shapes/gaad';
import { InventoryReadError } from './inventory-errors';
import { attemptOrMissing, iamPages, inlinePolicies, type Iam, type RawInlinePolicy } from './targeted-shared';

/** A group's policies in raw SDK shapes, ready for the GAAD group schema. */
export interface RawGroupPolicies {
  AttachedManagedPolicies: AttachedPolicy[];
  GroupPolicyList: RawInlinePolicy[];
}

/**
 * Reads a group's attached policies (all pages) and, when `inline` is set, its inline policies
 * (ListGroupPolicies + GetGroupPolicy each). Costs 1 call, or 2 + one per inline policy.
 */
export async function readGroupPolicies(iam: Iam, groupName: string, inline: boolean): Promise<RawGroupPolicies> {
  const target = `group ${groupName}`;
  const [attached, inlineList] = await Promise.all([
    iamPages('ListAttachedGroupPolicies', target, (Marker) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName, Marker }))),
    inline
      ? inlinePolicies(
          { operation: 'ListGroupPolicies', fetch: (Marker) => iam.send(new ListGroupPoliciesCommand({ GroupName: groupName, Marker })) },
          { operation: 'GetGroupPolicy', fetch: (PolicyName) => iam.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName })) },
          target,
        )
      : Promise.resolve([]),
  ]);
  return { AttachedManagedPolicies: attached.flatMap((p) => p.AttachedPolicies ?? []), GroupPolicyList: inlineList };
}

/** Maps GetGroup / ListGroupsForUser metadata plus its policies through the GAAD group schema. */
export function toIamGroup(group: Group, policies: RawGroupPolicies, source: string): IamGroup {
  const [parsed] = parseGaadPage({ GroupDetailList: [{ ...group, ...policies }] }, source).groups;
  if (!parsed) throw new Error(`${source}: group did not parse`); // unreachable: parseGaadPage throws first
  return parsed;
}

/**
 * Targeted read of one IAM group: GetGroup (metadata only, one page: members are not paged
 * through), ListAttachedGroupPolicies, ListGroupPolicies + GetGroupPolicy per inline policy.
 * Returns undefined when the group does not exist.
 */
export async function readGroup(iam: Iam, groupName: string): Promise<IamGroup | undefined> {
  const target = `group ${groupName}`;
  const got = await attemptOrMissing('GetGroup', target, () => iam.send(new GetGroupCommand({ GroupName: groupName, MaxItems: 1 })));
  if (!got) return undefined;
  if (!got.Group) throw new InventoryReadError('GetGroup', target, { cause: new Error('response has no Group') });
  return toIamGroup(got.Group, await readGroupPolicies(iam, groupName, true), `GetGroup ${groupName}`);
}
