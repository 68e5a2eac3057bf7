/** One service user's account as IAM serves it (GAAD page, credential report), for live-sweep tests. */
export const ACCOUNT = '123456789012';
export const USER = `arn:aws:iam::${ACCOUNT}:user/service/svc-etl`;
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
export const KEY_CREATED = new Date('2026-03-01T09:00:00Z');
export const KEY_USED = new Date('2026-08-01T09:00:00Z');

export function gaad(policies: { PolicyName: string; PolicyArn: string }[]) {
  return {
    UserDetailList: [
      { Path: '/service/', UserName: 'svc-etl', UserId: 'AIDAEXAMPLE000000001', Arn: USER, CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [], GroupList: [], AttachedManagedPolicies: policies, Tags: [] },
    ],
    GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
  };
}

export function report(active: boolean, generated: Date) {
  const row = `svc-etl,${USER},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${active},${KEY_CREATED.toISOString().replace('.000Z', '+00:00')},${KEY_USED.toISOString().replace('.000Z', '+00:00')},eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  return { Content: new TextEncoder().encode(`${HEADER}\n${row}\n`), ReportFormat: 'text/csv' as const, GeneratedTime: generated };
}

