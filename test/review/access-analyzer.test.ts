import { AccessAnalyzerClient, GetFindingV2Command, ListAnalyzersCommand, ListFindingsV2Command, type FindingSummaryV2 } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../lib/core/policy';
import { selectDue } from '../../lib/core/review/due';
import { readUnusedAccess } from '../../lib/review/access-analyzer';
import { approval, awsPolicy, daysAgo, inventory, key, NOW, policyAttachment, role, roleArn, user, userArn } from '../core/builders';

const aa = mockClient(AccessAnalyzerClient);
afterEach(() => aa.reset());
const ANALYZER = 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused';
const at = new Date('2026-11-19T00:00:00Z');
// Shapes of the AccessAnalyzer 2019-11-01 model: FindingSummaryV2, GetFindingV2Response.findingDetails.
const summary = (id: string, resource: string, findingType: FindingSummaryV2['findingType'], resourceType: FindingSummaryV2['resourceType'] = 'AWS::IAM::Role'): FindingSummaryV2 => ({
  id,
  resource,
  resourceType,
  findingType,
  status: 'ACTIVE',
  resourceOwnerAccount: '123456789012',
  analyzedAt: at,
  createdAt: at,
  updatedAt: at,
});

describe('readUnusedAccess', () => {
  it('reads the unused-access findings of the account analyzer and the services of UnusedPermission when the account has one', async () => {
    aa.on(ListAnalyzersCommand, { type: 'ACCOUNT_UNUSED_ACCESS' }).resolves({ analyzers: [{ arn: ANALYZER, name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: at }] });
    aa.on(ListFindingsV2Command)
      .resolvesOnce({ findings: [summary('f-role', roleArn('idle'), 'UnusedIAMRole')], nextToken: 'p2' })
      .resolvesOnce({
        findings: [
          summary('f-key', userArn('ci'), 'UnusedIAMUserAccessKey', 'AWS::IAM::User'),
          summary('f-perm', roleArn('app'), 'UnusedPermission'),
          { ...summary('f-old', roleArn('app'), 'UnusedIAMRole'), status: 'RESOLVED' },
        ],
      });
    aa.on(GetFindingV2Command, { analyzerArn: ANALYZER, id: 'f-perm' }).resolves({
      ...summary('f-perm', roleArn('app'), 'UnusedPermission'),
      findingDetails: [
        { unusedPermissionDetails: { serviceNamespace: 's3', lastAccessed: new Date('2026-01-01T00:00:00Z') } },
        { unusedPermissionDetails: { serviceNamespace: 'ec2' } },
      ],
    });
    const found = await readUnusedAccess(new AccessAnalyzerClient({ region: 'us-east-1' }));
    expect(aa.commandCalls(ListFindingsV2Command)[0]!.args[0].input.filter).toEqual({
      findingType: { eq: ['UnusedIAMRole', 'UnusedIAMUserAccessKey', 'UnusedIAMUserPassword', 'UnusedPermission'] },
      status: { eq: ['ACTIVE'] },
    });
    expect(found.map((f) => [f.id, f.type, f.principal])).toEqual([
      ['f-key', 'UnusedIAMUserAccessKey', userArn('ci')],
      ['f-perm', 'UnusedPermission', roleArn('app')],
      ['f-role', 'UnusedIAMRole', roleArn('idle')],
    ]);
    expect(found[1]!.services).toEqual([{ namespace: 's3', lastAccessed: '2026-01-01T00:00:00.000Z' }, { namespace: 'ec2' }]);
  });

  it('returns no findings when the account has no unused-access analyzer', async () => {
    aa.on(ListAnalyzersCommand).resolves({ analyzers: [] });
    expect(await readUnusedAccess(new AccessAnalyzerClient({ region: 'us-east-1' }))).toEqual([]);
    expect(aa.commandCalls(ListFindingsV2Command)).toHaveLength(0);
  });

  it('matches findings to approvals by principal and entitlement when selecting approvals due', async () => {
    aa.on(ListAnalyzersCommand).resolves({ analyzers: [{ arn: ANALYZER, name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: at }] });
    aa.on(ListFindingsV2Command).resolves({ findings: [summary('f-perm', roleArn('app'), 'UnusedPermission')] });
    aa.on(GetFindingV2Command).resolves({ ...summary('f-perm', roleArn('app'), 'UnusedPermission'), findingDetails: [{ unusedPermissionDetails: { serviceNamespace: 's3' } }] });
    const unusedAccess = await readUnusedAccess(new AccessAnalyzerClient({ region: 'us-east-1' }));
    const inv = inventory({
      roles: [role('app', { attachedPolicies: [policyAttachment('AmazonS3ReadOnlyAccess'), policyAttachment('AmazonEC2ReadOnlyAccess')] })],
      users: [user('ci', { accessKeys: [key(1, 300, 1)] })],
      policies: [
        { arn: awsPolicy('AmazonS3ReadOnlyAccess'), name: 'AmazonS3ReadOnlyAccess', document: { Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] } },
        { arn: awsPolicy('AmazonEC2ReadOnlyAccess'), name: 'AmazonEC2ReadOnlyAccess', document: { Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] } },
      ],
      unusedAccess,
    });
    const owner = { owner: 'bob@example.com', approvedAt: daysAgo(200) };
    const due = selectDue(
      [
        approval(roleArn('app'), { kind: 'managed-policy', policyArn: awsPolicy('AmazonS3ReadOnlyAccess') }, { ...owner, ticketId: 'S3' }),
        approval(roleArn('app'), { kind: 'managed-policy', policyArn: awsPolicy('AmazonEC2ReadOnlyAccess') }, { ...owner, ticketId: 'EC2' }),
        approval(userArn('ci'), { kind: 'access-key', maxKeys: 1 }, { ...owner, ticketId: 'KEY' }),
      ],
      inv,
      parsePolicy({}),
      NOW,
    );
    expect(due.map((d) => [d.approval.ticketId, d.reasons, d.suggestion])).toEqual([['S3', ['unused'], 'revoke']]);
  });
});
