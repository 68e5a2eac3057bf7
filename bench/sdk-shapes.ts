import type { IamGroup, IamRole, IamUser, Secret } from '../lib/core/inventory';

/** Domain objects back into the shapes SDK v3 returns (Date objects, URL-encoded documents). */
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const attached = (ps: { policyArn: string; policyName: string }[]) => ps.map((p) => ({ PolicyArn: p.policyArn, PolicyName: p.policyName }));
const inline = (ps: { policyName: string; document: unknown }[]) => ps.map((p) => ({ PolicyName: p.policyName, PolicyDocument: enc(p.document) }));

export const sdkUser = (u: IamUser) => ({
  Path: u.path, UserName: u.name, UserId: u.userId, Arn: u.arn, CreateDate: new Date(u.createdAt),
  UserPolicyList: inline(u.inlinePolicies), GroupList: u.groups, AttachedManagedPolicies: attached(u.attachedPolicies), Tags: tags(u.tags),
});

export const sdkRole = (r: IamRole) => ({
  Path: r.path, RoleName: r.name, RoleId: r.roleId, Arn: r.arn, CreateDate: new Date(r.createdAt), AssumeRolePolicyDocument: enc(r.trustPolicy),
  InstanceProfileList: [], RolePolicyList: inline(r.inlinePolicies), AttachedManagedPolicies: attached(r.attachedPolicies), Tags: tags(r.tags),
  RoleLastUsed: r.lastUsedAt ? { LastUsedDate: new Date(r.lastUsedAt), Region: 'eu-west-1' } : {},
});

export const sdkGroup = (g: IamGroup) => ({
  Path: g.path, GroupName: g.name, GroupId: `AGPA${g.name}`, Arn: g.arn, CreateDate: new Date('2024-01-01T00:00:00Z'),
  GroupPolicyList: inline(g.inlinePolicies), AttachedManagedPolicies: attached(g.attachedPolicies),
});

export const sdkSecret = (s: Secret) => ({
  ARN: s.arn, Name: s.name, RotationEnabled: s.rotationEnabled, Tags: tags(s.tags),
  ...(s.createdAt ? { CreatedDate: new Date(s.createdAt) } : {}),
  ...(s.lastRotatedAt ? { LastRotatedDate: new Date(s.lastRotatedAt) } : {}),
  ...(s.lastAccessedAt ? { LastAccessedDate: new Date(s.lastAccessedAt) } : {}),
});

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

/** The credential report CSV for these users (key slot 1 only, as the synthetic account has). */
export function credentialReportCsv(users: IamUser[]): string {
  const rows = users.map((u) => {
    const k = u.accessKeys[0];
    const key = k ? `${k.active},${k.createdAt},${k.lastUsedAt ?? 'N/A'},${k.lastUsedAt ? 'eu-west-1' : 'N/A'},${k.lastUsedAt ? 's3' : 'N/A'}` : 'false,N/A,N/A,N/A,N/A';
    return `${u.name},${u.arn},${u.createdAt},false,N/A,N/A,N/A,false,${key},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  });
  return [HEADER, ...rows].join('\n');
}
