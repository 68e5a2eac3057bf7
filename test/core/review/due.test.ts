import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../lib/core/policy';
import { groupByOwner, selectDue } from '../../../lib/core/review/due';
import { approval, awsPolicy, daysAgo, inventory, NOW, policyAttachment, role, roleArn } from '../builders';

const inv = inventory({
  roles: [
    role('used', { lastUsedAt: daysAgo(1), attachedPolicies: [policyAttachment('ReadOnlyAccess')] }),
    role('idle', { lastUsedAt: daysAgo(200) }),
  ],
});
const owned = { owner: 'bob@example.com' };

describe('selectDue', () => {
  it('selects a standard approval once 365 days have passed since approval when it was never recertified', () => {
    const due = selectDue([approval(roleArn('used'), { kind: 'identity' }, { ...owned, approvedAt: daysAgo(366) })], inv, parsePolicy({}), NOW);
    expect(due.map((d) => d.reasons)).toEqual([['periodic']]);
  });

  it('counts the period from recertifiedAt when the approval was recertified', () => {
    const a = approval(roleArn('used'), { kind: 'identity' }, { ...owned, approvedAt: daysAgo(800), recertifiedAt: daysAgo(10) });
    expect(selectDue([a], inv, parsePolicy({}), NOW)).toEqual([]);
  });

  it('selects a privileged approval after 90 days and follows the policy file when it sets privilegedDays', () => {
    const a = approval(roleArn('used'), { kind: 'identity' }, { ...owned, risk: 'privileged', approvedAt: daysAgo(91) });
    expect(selectDue([a], inv, parsePolicy({}), NOW)).toHaveLength(1);
    expect(selectDue([a], inv, parsePolicy({ review: { privilegedDays: 120 } }), NOW)).toEqual([]);
  });

  it('selects an approval without an owner and sends its packet to approvedBy', () => {
    const due = selectDue([approval(roleArn('used'), { kind: 'identity' }, { approvedAt: daysAgo(10) })], inv, parsePolicy({}), NOW);
    expect(due).toMatchObject([{ reasons: ['no-owner'], owner: 'alice@example.com', suggestion: 'keep' }]);
  });

  it('selects approved access unused past the window and suggests revoking it', () => {
    const due = selectDue([approval(roleArn('idle'), { kind: 'identity' }, { ...owned, approvedAt: daysAgo(300) })], inv, parsePolicy({}), NOW);
    expect(due).toMatchObject([{ reasons: ['unused'], suggestion: 'revoke', idleDays: 200 }]);
  });

  it('selects an approved policy when an UnusedPermission finding lists every service it grants', () => {
    const withAnalyzer = {
      ...inv,
      policies: [{ arn: awsPolicy('ReadOnlyAccess'), name: 'ReadOnlyAccess', document: { Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe*'], Resource: '*' }] } }],
      unusedAccess: [{ id: 'p-1', type: 'UnusedPermission' as const, principal: roleArn('used'), services: [{ namespace: 's3' }, { namespace: 'ec2' }] }],
    };
    const a = approval(roleArn('used'), { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, { ...owned, approvedAt: daysAgo(300) });
    expect(selectDue([a], withAnalyzer, parsePolicy({}), NOW)).toMatchObject([{ reasons: ['unused'], suggestion: 'revoke' }]);
    const partly = { ...withAnalyzer, unusedAccess: [{ ...withAnalyzer.unusedAccess[0]!, services: [{ namespace: 's3' }] }] };
    expect(selectDue([a], partly, parsePolicy({}), NOW)).toEqual([]);
  });

  it('leaves out revoked and expired approvals', () => {
    const revoked = approval(roleArn('idle'), { kind: 'identity' }, { status: 'revoked', approvedAt: daysAgo(900) });
    const expired = approval(roleArn('idle'), { kind: 'identity' }, { ticketId: 'CHG-2', approvedAt: daysAgo(900), expiresAt: daysAgo(1) });
    expect(selectDue([revoked, expired], inv, parsePolicy({}), NOW)).toEqual([]);
  });

  it('groups items by owner, owners in order, when several owners have approvals due', () => {
    const due = selectDue(
      [
        approval(roleArn('idle'), { kind: 'identity' }, { ticketId: 'T-1', owner: 'zoe@example.com', approvedAt: daysAgo(400) }),
        approval(roleArn('used'), { kind: 'identity' }, { ticketId: 'T-2', approvedAt: daysAgo(400) }),
        approval(roleArn('used'), { kind: 'identity' }, { ticketId: 'T-3', owner: 'zoe@example.com', approvedAt: daysAgo(400) }),
      ],
      inv,
      parsePolicy({}),
      NOW,
    );
    expect(groupByOwner(due).map((p) => [p.owner, p.items.map((i) => i.approval.ticketId)])).toEqual([
      ['alice@example.com', ['T-2']],
      ['zoe@example.com', ['T-1', 'T-3']],
    ]);
  });
});
