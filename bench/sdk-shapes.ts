import { createHash } from 'node:crypto';
import type { AccessKey, IamGroup, IamRole, IamUser, ManagedPolicy, Secret } from '../lib/core/inventory';

/**
 * Domain objects back into the shapes SDK v3 returns, as the AWS API references document them
 * (Date objects, URL-encoded policy documents, `N/A` in the credential report).
 */
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const attached = (ps: { policyArn: string; policyName: string }[]) => ps.map((p) => ({ PolicyArn: p.policyArn, PolicyName: p.policyName }));
const inline = (ps: { policyName: string; document: unknown }[]) => ps.map((p) => ({ PolicyName: p.policyName, PolicyDocument: enc(p.document) }));
const CREATED = new Date('2024-01-01T00:00:00Z');

export const sdkUser = (u: IamUser) => ({
  Path: u.path, UserName: u.name, UserId: u.userId, Arn: u.arn, CreateDate: new Date(u.createdAt),
  UserPolicyList: inline(u.inlinePolicies), GroupList: u.groups, AttachedManagedPolicies: attached(u.attachedPolicies), Tags: tags(u.tags),
});

export const sdkRole = (r: IamRole) => ({
  Path: r.path, RoleName: r.name, RoleId: r.roleId, Arn: r.arn, CreateDate: new Date(r.createdAt), AssumeRolePolicyDocument: enc(r.trustPolicy),
  InstanceProfileList: [], RolePolicyList: inline(r.inlinePolicies), AttachedManagedPolicies: attached(r.attachedPolicies), Tags: tags(r.tags),
  RoleLastUsed: r.lastUsedAt ? { LastUsedDate: new Date(r.lastUsedAt), Region: 'eu-west-1' } : {},
});

export const groupId = (g: Pick<IamGroup, 'name'>) => `AGPA${g.name.toUpperCase().padStart(17, '0')}`;

export const sdkGroup = (g: IamGroup) => ({
  Path: g.path, GroupName: g.name, GroupId: groupId(g), Arn: g.arn, CreateDate: CREATED,
  GroupPolicyList: inline(g.inlinePolicies), AttachedManagedPolicies: attached(g.attachedPolicies),
});

/** A customer managed policy as GetAccountAuthorizationDetails lists it (filter LocalManagedPolicy). */
export const sdkPolicy = (p: ManagedPolicy, attachments: number) => ({
  PolicyName: p.name, PolicyId: `ANPA${p.name.toUpperCase().padStart(17, '0')}`, Arn: p.arn, Path: '/app/', DefaultVersionId: 'v1',
  AttachmentCount: attachments, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: CREATED, UpdateDate: CREATED,
  PolicyVersionList: [{ Document: enc(p.document ?? {}), VersionId: 'v1', IsDefaultVersion: true, CreateDate: CREATED }],
});

/** A version id (a UUID) that stays the same for the same secret and value. */
function versionId(arn: string, of: string): string {
  const h = createHash('sha256').update(`${arn}|${of}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The AWSCURRENT (and, once rotated, AWSPREVIOUS) version of a secret. */
export function secretVersionList(s: Secret) {
  const current = { VersionId: versionId(s.arn, s.currentVersionCreatedAt ?? ''), VersionStages: ['AWSCURRENT'], CreatedDate: new Date(s.currentVersionCreatedAt ?? s.createdAt ?? CREATED), KmsKeyIds: ['DefaultEncryptionKey'] };
  const previous = s.lastRotatedAt
    ? [{ VersionId: versionId(s.arn, `before ${s.currentVersionCreatedAt}`), VersionStages: ['AWSPREVIOUS'], CreatedDate: new Date(s.createdAt ?? CREATED), KmsKeyIds: ['DefaultEncryptionKey'] }]
    : [];
  return [current, ...previous].map((v) => (s.lastAccessedAt ? { ...v, LastAccessedDate: new Date(s.lastAccessedAt) } : v));
}

/** A ListSecrets `SecretListEntry`. */
export const sdkSecret = (s: Secret) => ({
  ARN: s.arn, Name: s.name, Description: `${s.name} credentials`, RotationEnabled: s.rotationEnabled, Tags: tags(s.tags),
  ...(s.rotationDays ? { RotationLambdaARN: `arn:aws:lambda:eu-west-1:${s.arn.split(':')[4]}:function:rotate`, RotationRules: { AutomaticallyAfterDays: s.rotationDays } } : {}),
  ...(s.createdAt ? { CreatedDate: new Date(s.createdAt) } : {}),
  ...(s.lastRotatedAt ? { LastRotatedDate: new Date(s.lastRotatedAt) } : {}),
  ...(s.lastChangedAt ? { LastChangedDate: new Date(s.lastChangedAt) } : {}),
  ...(s.lastAccessedAt ? { LastAccessedDate: new Date(s.lastAccessedAt) } : {}),
  ...(s.rotationEnabled && s.rotationDays ? { NextRotationDate: new Date(Date.parse(s.lastRotatedAt ?? s.lastChangedAt ?? s.createdAt ?? CREATED.toISOString()) + s.rotationDays * 86_400_000) } : {}),
  SecretVersionsToStages: Object.fromEntries(secretVersionList(s).map((v) => [v.VersionId, v.VersionStages])),
});

/** A ListSecretVersionIds response (every version fits one page). */
export const sdkSecretVersions = (s: Secret) => ({ ARN: s.arn, Name: s.name, Versions: secretVersionList(s) });

/** ListAccessKeys `AccessKeyMetadata` of a user. */
export const sdkAccessKeys = (u: IamUser) =>
  u.accessKeys.map((k) => ({ UserName: u.name, AccessKeyId: k.accessKeyId, Status: k.active ? 'Active' : 'Inactive', CreateDate: new Date(k.createdAt) }));

/** GetAccessKeyLastUsed for a key: `N/A` service and region when never used, as IAM answers. */
export const sdkAccessKeyLastUsed = (u: IamUser, k: AccessKey) => ({
  UserName: u.name,
  AccessKeyLastUsed: k.lastUsedAt ? { LastUsedDate: new Date(k.lastUsedAt), ServiceName: k.lastUsedService ?? 's3', Region: k.lastUsedRegion ?? 'eu-west-1' } : { ServiceName: 'N/A', Region: 'N/A' },
});

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
/** The report's date form: `2026-03-01T09:00:00+00:00`. */
const reportDate = (iso: string) => `${iso.slice(0, 19)}+00:00`;

function keyColumns(k: AccessKey | undefined): string {
  if (!k) return 'false,N/A,N/A,N/A,N/A';
  const used = k.lastUsedAt ? `${reportDate(k.lastUsedAt)},${k.lastUsedRegion ?? 'eu-west-1'},${k.lastUsedService ?? 's3'}` : 'N/A,N/A,N/A';
  return `${k.active},${reportDate(k.createdAt)},${used}`;
}

/** The credential report CSV for these users, with the `<root_account>` row first as IAM writes it. */
export function credentialReportCsv(users: IamUser[], accountId = '123456789012'): string {
  const root = `<root_account>,arn:aws:iam::${accountId}:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const rows = users.map((u) => {
    const slot = (n: 1 | 2) => keyColumns(u.accessKeys.find((k) => k.slot === n));
    return `${u.name},${u.arn},${reportDate(u.createdAt)},false,N/A,N/A,N/A,false,${slot(1)},${slot(2)},false,N/A,false,N/A`;
  });
  return [HEADER, root, ...rows].join('\n') + '\n';
}
