import { GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import type { IamRole } from '../core/inventory';
import { parseGaadPage } from '../aws-shapes/gaad';
import { InventoryReadError } from './inventory-errors';
import { attemptOrMissing, iamPages, inlinePolicies, type Iam } from './targeted-shared';

/**
 * Targeted read of one IAM role: GetRole (URL-encoded trust policy, RoleLastUsed, Tags, Path),
 * ListAttachedRolePolicies, ListRolePolicies + GetRolePolicy per inline policy. The result goes
 * through the GAAD role schema, so it has exactly the shape the full sweep produces.
 * Returns undefined when the role does not exist. Calls: 3 + one per inline policy (more when paged).
 */
export async function readRole(iam: Iam, roleName: string): Promise<IamRole | undefined> {
  const target = `role ${roleName}`;
  const got = await attemptOrMissing('GetRole', target, () => iam.send(new GetRoleCommand({ RoleName: roleName })));
  if (!got) return undefined;
  if (!got.Role) throw new InventoryReadError('GetRole', target, { cause: new Error('response has no Role') });

  const [attached, inline] = await Promise.all([
    iamPages('ListAttachedRolePolicies', target, (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }))),
    inlinePolicies(
      { operation: 'ListRolePolicies', fetch: (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker })) },
      { operation: 'GetRolePolicy', fetch: (PolicyName) => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName })) },
      target,
    ),
  ]);
  const detail = {
    ...got.Role,
    AttachedManagedPolicies: attached.flatMap((p) => p.AttachedPolicies ?? []),
    RolePolicyList: inline,
  };
  const [role] = parseGaadPage({ RoleDetailList: [detail] }, `GetRole ${roleName}`).roles;
  if (!role) throw new Error(`GetRole ${roleName}: role did not parse`); // unreachable: parseGaadPage throws first
  return role;
}
