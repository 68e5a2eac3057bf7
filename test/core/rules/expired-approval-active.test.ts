import { describe, expect, it } from 'vitest';
import { approval, awsPolicy, daysAgo, group, inventory, policyAttachment, user } from '../builders';
import { ofType, outcomeOf, run } from '../run';

describe('EXPIRED_APPROVAL_ACTIVE', () => {
  it('reports an expired approval whose policy is still attached', () => {
    const u = user('contractor', { attachedPolicies: [policyAttachment('ReadOnlyAccess')] });
    const r = run(inventory({ users: [u] }), [
      approval(u.arn, { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, { ticketId: 'E-1', expiresAt: daysAgo(20) }),
    ]);
    expect(outcomeOf(r, 'E-1')).toBe('EXPIRED_APPROVAL_ACTIVE');
    expect(ofType(r, 'EXPIRED_APPROVAL_ACTIVE')[0]).toMatchObject({ severity: 'HIGH', approval: { ticketId: 'E-1' } });
    // The lingering user is explained by the expired approval, not reported again as shadow access.
    expect(ofType(r, 'UNAPPROVED_ENTITLEMENT')).toEqual([]);
  });

  it('treats an approval expiring exactly now as expired', () => {
    const u = user('contractor', { groups: ['ops'] });
    const r = run(inventory({ users: [u], groups: [group('ops')] }), [
      approval(u.arn, { kind: 'group-membership', group: 'ops' }, { ticketId: 'E-2', expiresAt: daysAgo(0) }),
    ]);
    expect(outcomeOf(r, 'E-2')).toBe('EXPIRED_APPROVAL_ACTIVE');
  });

  it('reports a revoked approval with the membership still present, critical when privileged', () => {
    const u = user('ex-admin', { groups: ['admins'] });
    const admins = group('admins', { attachedPolicies: [policyAttachment('AdministratorAccess')] });
    const r = run(inventory({ users: [u], groups: [admins] }), [
      approval(u.arn, { kind: 'group-membership', group: 'admins' }, { ticketId: 'E-3', status: 'revoked' }),
    ]);
    expect(ofType(r, 'EXPIRED_APPROVAL_ACTIVE')[0]).toMatchObject({ severity: 'CRITICAL', privileged: true });
    expect(ofType(r, 'EXPIRED_APPROVAL_ACTIVE')[0]?.title).toContain('revoked');
  });
});
