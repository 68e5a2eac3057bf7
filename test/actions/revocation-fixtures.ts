import { GetGroupPolicyCommand, GetRolePolicyCommand, GetUserPolicyCommand, type GetUserPolicyCommandOutput } from '@aws-sdk/client-iam';
import type { Approval } from '../../lib/core/approval';
import type { Inventory } from '../../lib/core/inventory';
import { planRevocations } from '../../lib/core/revocation-plan';
import { approval, awsPolicy, daysAgo, group, inventory, key, policyAttachment, role, roleArn, user, userArn } from '../core/builders';
import { run } from '../core/run';
import { iamMock } from './iam-fixtures';

export const POLICY_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };

/**
 * GetUserPolicy / GetRolePolicy / GetGroupPolicy response as the IAM API reference documents it:
 * `PolicyDocument` is URL-encoded (RFC 3986), as the SDK returns it (it does not decode).
 */
export function inlinePolicyResponse(name: string, principal: string, doc = POLICY_DOC): Partial<GetUserPolicyCommandOutput> {
  return { UserName: principal, PolicyName: name, PolicyDocument: encodeURIComponent(JSON.stringify(doc)) };
}

export function mockInlinePolicies(doc = POLICY_DOC): void {
  iamMock.on(GetUserPolicyCommand).callsFake((i: { UserName: string; PolicyName: string }) => inlinePolicyResponse(i.PolicyName, i.UserName, doc));
  iamMock.on(GetRolePolicyCommand).callsFake((i: { RoleName: string; PolicyName: string }) => ({ RoleName: i.RoleName, PolicyName: i.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }));
  iamMock.on(GetGroupPolicyCommand).callsFake((i: { GroupName: string; PolicyName: string }) => ({ GroupName: i.GroupName, PolicyName: i.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }));
}

const expired = (days = 30): Partial<Approval> => ({ approvedAt: daysAgo(200), expiresAt: daysAgo(days) });

/**
 * User alice holds, under approvals that expired 30 days ago: a managed policy, membership of group
 * ops, an inline policy and an access key; role app holds an expired inline policy; group ops an
 * expired managed policy; alice's identity approval expired too (reported, never acted on).
 */
export function offboardingWorld(over: { approvals?: Approval[]; aliceTags?: Record<string, string> } = {}) {
  const inv: Inventory = inventory({
    users: [
      user('alice', {
        attachedPolicies: [policyAttachment('ReadOnlyAccess')],
        groups: ['ops'],
        inlinePolicies: [{ policyName: 'reports', document: POLICY_DOC }],
        accessKeys: [key(1, 100, 1)],
        tags: over.aliceTags ?? {},
      }),
    ],
    roles: [role('app', { inlinePolicies: [{ policyName: 'app-data', document: POLICY_DOC }] })],
    groups: [group('ops', { attachedPolicies: [policyAttachment('AmazonEC2ReadOnlyAccess')] })],
  });
  const alice = userArn('alice');
  const approvals = over.approvals ?? [
    approval(alice, { kind: 'identity' }, { ticketId: 'T-ID', ...expired() }),
    approval(alice, { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, { ticketId: 'T-MP', ...expired() }),
    approval(alice, { kind: 'group-membership', group: 'ops' }, { ticketId: 'T-GM', ...expired() }),
    approval(alice, { kind: 'inline-policy', policyName: 'reports' }, { ticketId: 'T-IP', ...expired() }),
    approval(alice, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'T-AK', ...expired() }),
    approval(roleArn('app'), { kind: 'inline-policy', policyName: 'app-data' }, { ticketId: 'T-RIP', ...expired() }),
    approval(roleArn('app'), { kind: 'identity' }, { ticketId: 'T-RID' }),
    approval(`arn:aws:iam::123456789012:group/ops`, { kind: 'managed-policy', policyArn: awsPolicy('AmazonEC2ReadOnlyAccess') }, { ticketId: 'T-GMP', ...expired() }),
  ];
  const result = run(inv, approvals);
  return { inv, result, plan: planRevocations(result.findings) };
}
