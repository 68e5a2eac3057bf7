import type { Finding, FindingType } from '../../lib/core/finding';
import type { ReconcileResult } from '../../lib/core/result';

/** Hand-built findings: every FindingType and every resource type, account 123456789012. */

export const ACCOUNT = '123456789012';
export const NOW = '2026-11-20T00:00:00.000Z';

const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/service/svc-billing-export`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const GROUP_ARN = `arn:aws:iam::${ACCOUNT}:group/admins`;
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbCdEf`;

let n = 0;
function id(type: FindingType): string {
  n += 1;
  return `tally/${ACCOUNT}/${type.toLowerCase()}/${n.toString(16).padStart(32, '0')}`;
}

function base(type: FindingType, over: Partial<Finding>): Finding {
  return {
    id: id(type),
    type,
    severity: 'MEDIUM',
    title: `${type} sample`,
    summary: `${type} summary`,
    accountId: ACCOUNT,
    resource: { type: 'AwsIamUser', id: USER_ARN, name: 'svc-billing-export' },
    privileged: false,
    detectedAt: NOW,
    ...over,
  };
}

const approval = {
  key: `CHG-1042|${USER_ARN}|managed-policy|arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`,
  ticketId: 'CHG-1042',
  approvedBy: 'alice@example.com',
  approvedAt: '2026-09-01T10:00:00Z',
  expiresAt: '2027-03-01T00:00:00Z',
  status: 'approved' as const,
  risk: 'standard' as const,
};

export function sampleFindings(): Finding[] {
  n = 0;
  return [
    base('APPROVED_NOT_PROVISIONED', {
      severity: 'LOW',
      title: 'Approved access not provisioned for deploy',
      summary: 'CHG-2001: managed policy ReadOnlyAccess — not attached 3 days after approval',
      resource: { type: 'AwsIamRole', id: ROLE_ARN, name: 'deploy' },
      approval: { ...approval, key: `CHG-2001|${ROLE_ARN}|managed-policy|arn:aws:iam::aws:policy/ReadOnlyAccess`, ticketId: 'CHG-2001' },
    }),
    base('UNAPPROVED_ENTITLEMENT', {
      severity: 'HIGH',
      title: 'Unapproved managed-policy on admins',
      summary: 'managed policy arn:aws:iam::aws:policy/AdministratorAccess attached with no approval',
      resource: { type: 'AwsIamGroup', id: GROUP_ARN, name: 'admins' },
      observed: { principal: GROUP_ARN, kind: 'managed-policy', target: 'arn:aws:iam::aws:policy/AdministratorAccess', source: 'GetAccountAuthorizationDetails' },
      privileged: true,
    }),
    base('UNAPPROVED_ENTITLEMENT', {
      severity: 'CRITICAL',
      title: 'Root user has an active access key',
      summary: 'root access key 1 is active (created 2019-04-02); root keys are never approvable',
      resource: { type: 'AwsIamAccessKey', id: `arn:aws:iam::${ACCOUNT}:root/access-key/1`, name: 'root key 1', principalArn: `arn:aws:iam::${ACCOUNT}:root`, accessKeySlot: 1 },
      control: 'IAM.4',
    }),
    base('DRIFTED_ENTITLEMENT', {
      severity: 'HIGH',
      title: 'Trust of deploy drifted from CHG-1050',
      summary: 'CHG-1050: trust for arn:aws:iam::210987654321:root — trust also allows arn:aws:iam::999999999999:root',
      resource: { type: 'AwsIamRole', id: ROLE_ARN, name: 'deploy' },
      approval: { ...approval, key: `CHG-1050|${ROLE_ARN}|role-trust|arn:aws:iam::210987654321:root`, ticketId: 'CHG-1050' },
      observed: {
        principal: ROLE_ARN,
        kind: 'role-trust',
        target: 'arn:aws:iam::210987654321:root;arn:aws:iam::999999999999:root',
        source: 'GetAccountAuthorizationDetails',
        detail: { principals: ['arn:aws:iam::210987654321:root', 'arn:aws:iam::999999999999:root'] },
      },
    }),
    base('EXPIRED_APPROVAL_ACTIVE', {
      title: 'Expired approval CHG-0900 still provisioned',
      summary: 'CHG-0900: membership of group admins — approval expired 2026-10-01, membership still present',
      approval: { ...approval, key: `CHG-0900|${USER_ARN}|group-membership|admins`, ticketId: 'CHG-0900', expiresAt: '2026-10-01T00:00:00Z' },
      observed: { principal: USER_ARN, kind: 'group-membership', target: 'admins', source: 'GetAccountAuthorizationDetails' },
    }),
    base('STALE_ACCESS_KEY', {
      title: 'Access key of svc-billing-export not rotated in 200 days',
      summary: 'key 1 created 2026-05-04 is 200 days old (limit 90)',
      resource: { type: 'AwsIamAccessKey', id: `${USER_ARN}/access-key/AKIAIOSFODNN7EXAMPLE`, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', name: 'svc-billing-export key 1 (AKIAIOSFODNN7EXAMPLE)', principalArn: USER_ARN, accessKeySlot: 1, createdAt: '2026-03-04T09:12:44.000Z' },
      threshold: { name: 'accessKeyMaxAgeDays', limitDays: 90, actualDays: 200, reference: 'CIS AWS Foundations 1.14 / Security Hub IAM.3' },
      control: 'IAM.3',
    }),
    base('UNUSED_ACCESS_KEY', {
      title: 'Access key of svc-billing-export unused for 60 days',
      summary: 'key 2 last used 2026-09-21 (s3), 60 days ago (limit 45)',
      resource: { type: 'AwsIamAccessKey', id: `${USER_ARN}/access-key/2`, name: 'svc-billing-export key 2', principalArn: USER_ARN, accessKeySlot: 2 },
      threshold: { name: 'accessKeyUnusedDays', limitDays: 45, actualDays: 60, reference: 'CIS AWS Foundations 1.12 / Security Hub IAM.22' },
      control: 'IAM.22',
      exempt: { source: 'tag', reason: 'legacy batch job, INC-77' },
    }),
    base('UNUSED_ROLE', {
      severity: 'LOW',
      title: 'Role deploy unused for 120 days',
      summary: 'last used 2026-07-23, 120 days ago (limit 90)',
      resource: { type: 'AwsIamRole', id: ROLE_ARN, name: 'deploy', tags: { team: 'platform', empty: '' } },
      threshold: { name: 'roleUnusedDays', limitDays: 90, actualDays: 120, reference: 'IAM Access Analyzer unused access (90 days)' },
    }),
    base('SECRET_NOT_ROTATED', {
      title: 'Secret prod/db not rotated',
      summary: 'automatic rotation is disabled',
      resource: { type: 'AwsSecretsManagerSecret', id: SECRET_ARN, name: 'prod/db' },
      control: 'SecretsManager.1',
    }),
    base('SECRET_UNUSED', {
      severity: 'LOW',
      title: 'Secret prod/db unused for 100 days',
      summary: 'last read 2026-08-12, 100 days ago (limit 90)',
      resource: { type: 'AwsSecretsManagerSecret', id: SECRET_ARN, name: 'prod/db' },
      threshold: { name: 'secretUnusedDays', limitDays: 90, actualDays: 100, reference: 'Security Hub SecretsManager.3' },
      control: 'SecretsManager.3',
    }),
    base('APPROVED_BUT_UNUSED', {
      severity: 'LOW',
      title: 'Approved access unused for 150 days (CHG-1042)',
      summary: 'managed policy AmazonS3ReadOnlyAccess — last used 2026-06-23, 150 days ago (limit 45)',
      approval,
      resource: { type: 'AwsIamUser', id: USER_ARN, name: 'svc-billing-export' },
      observed: { principal: USER_ARN, kind: 'managed-policy', target: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', source: 'GetAccountAuthorizationDetails' },
      threshold: { name: 'accessKeyUnusedDays', limitDays: 45, actualDays: 150, reference: 'CIS AWS Foundations 1.12 / Security Hub IAM.22 (credentials unused 45 days)' },
    }),
    base('RECONCILED', {
      severity: 'INFORMATIONAL',
      title: 'CHG-1042 reconciled',
      summary: 'CHG-1042: managed policy AmazonS3ReadOnlyAccess — present as approved',
      approval,
      observed: { principal: USER_ARN, kind: 'managed-policy', target: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', source: 'GetAccountAuthorizationDetails' },
    }),
  ];
}

export function sampleResult(findings: Finding[] = sampleFindings()): ReconcileResult {
  const bySeverity: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const f of findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byType[f.type] = (byType[f.type] ?? 0) + 1;
  }
  const stale = findings.find((f) => f.type === 'STALE_ACCESS_KEY');
  return {
    accountId: ACCOUNT,
    evaluatedAt: NOW,
    findings,
    outcomes: [
      { approvalKey: approval.key, ticketId: 'CHG-1042', outcome: 'RECONCILED', findingId: 'x' },
      { approvalKey: 'CHG-2001|...', ticketId: 'CHG-2001', outcome: 'APPROVED_NOT_PROVISIONED' },
      { approvalKey: 'CHG-3000|...', ticketId: 'CHG-3000', outcome: 'PENDING' },
    ],
    actions: stale
      ? [{ kind: 'deactivate-access-key', findingId: stale.id, userArn: USER_ARN, userName: 'svc-billing-export', accessKeySlot: 1, reason: 'stale' }]
      : [],
    exemptions: [{ resource: USER_ARN, source: 'tag', reason: 'legacy batch job, INC-77' }],
    incomplete: [],
    summary: { byType, bySeverity, approvals: 3, principals: 4, secrets: 1 },
  };
}
