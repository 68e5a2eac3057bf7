import { describe, expect, it } from 'vitest';
import { planRevocations } from '../../lib/core/revocation-plan';
import { approval, awsPolicy, daysAgo, inventory, policyAttachment, user, userArn } from './builders';
import { run } from './run';

const alice = userArn('alice');
const inv = inventory({ users: [user('alice', { attachedPolicies: [policyAttachment('ReadOnlyAccess')] })] });
const readOnly = { kind: 'managed-policy' as const, policyArn: awsPolicy('ReadOnlyAccess') };
const ended = approval(alice, readOnly, { ticketId: 'T-OLD', approvedAt: daysAgo(200), expiresAt: daysAgo(30) });
const identity = approval(alice, { kind: 'identity' }, { ticketId: 'T-ID' });

describe('planRevocations', () => {
  it('plans the removal of exactly the entitlement when its only approval expired', () => {
    const plan = planRevocations(run(inv, [ended, identity]).findings);
    expect(plan).toEqual([
      expect.objectContaining({ entitlement: 'managed-policy', principalArn: alice, principalType: 'user', principalName: 'alice', target: awsPolicy('ReadOnlyAccess'), tickets: ['T-OLD'], endedAt: daysAgo(30) }),
    ]);
    expect(plan[0]!.reportOnly).toBeUndefined();
  });

  it('plans nothing when an overlapping active approval covers the same entitlement', () => {
    const current = approval(alice, readOnly, { ticketId: 'T-NEW', approvedAt: daysAgo(10) });
    const result = run(inv, [ended, current, identity]);
    expect(result.findings.filter((f) => f.type === 'EXPIRED_APPROVAL_ACTIVE')).toEqual([]);
    expect(planRevocations(result.findings)).toEqual([]);
  });

  it('leaves out the grace start when one of two ended approvals of the entitlement was revoked', () => {
    const revoked = approval(alice, readOnly, { ticketId: 'T-REV', approvedAt: daysAgo(100), status: 'revoked' });
    const plan = planRevocations(run(inv, [ended, revoked, identity]).findings);
    expect(plan).toHaveLength(1);
    expect(plan[0]!.tickets.sort()).toEqual(['T-OLD', 'T-REV']);
    expect(plan[0]!.endedAt).toBeUndefined();
  });

  it('marks an identity revocation report-only when the principal’s only approval, for its identity, expired', () => {
    const plan = planRevocations(run(inv, [approval(alice, { kind: 'identity' }, { approvedAt: daysAgo(200), expiresAt: daysAgo(1) })]).findings);
    expect(plan).toEqual([expect.objectContaining({ entitlement: 'identity', reportOnly: expect.stringContaining('never deletes users or roles') })]);
  });
});
