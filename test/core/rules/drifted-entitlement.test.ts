import { describe, expect, it } from 'vitest';
import { documentSha256 } from '../../../lib/core/canonical-json';
import { ACCOUNT, approval, awsPolicy, inventory, key, policyAttachment, role, roleArn, trust, user } from '../builders';
import { ofType, outcomeOf, run } from '../run';

describe('DRIFTED_ENTITLEMENT', () => {
  it('pairs a wrong policy with the approval it replaced instead of reporting it twice', () => {
    const u = user('svc-etl', { attachedPolicies: [policyAttachment('AmazonS3FullAccess')] });
    const r = run(inventory({ users: [u] }), [
      approval(u.arn, { kind: 'managed-policy', policyArn: awsPolicy('AmazonS3ReadOnlyAccess') }, { ticketId: 'D-1' }),
    ]);
    expect(outcomeOf(r, 'D-1')).toBe('DRIFTED_ENTITLEMENT');
    expect(ofType(r, 'DRIFTED_ENTITLEMENT')[0]?.observed).toMatchObject({ kind: 'managed-policy', target: awsPolicy('AmazonS3FullAccess') });
    expect(ofType(r, 'UNAPPROVED_ENTITLEMENT')).toEqual([]);
  });

  it('reports an inline policy changed after its document was pinned', () => {
    const approved = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
    const changed = { ...approved, Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] };
    const u = user('svc-q', { inlinePolicies: [{ policyName: 'queue', document: changed }] });
    const pinned = approval(u.arn, { kind: 'inline-policy', policyName: 'queue', documentSha256: documentSha256(approved) }, { ticketId: 'D-2' });
    expect(outcomeOf(run(inventory({ users: [u] }), [pinned]), 'D-2')).toBe('DRIFTED_ENTITLEMENT');
    const same = { ...u, inlinePolicies: [{ policyName: 'queue', document: { Statement: approved.Statement, Version: '2012-10-17' } }] };
    expect(outcomeOf(run(inventory({ users: [same] }), [pinned]), 'D-2')).toBe('RECONCILED');
  });

  it('reports a trust policy with a principal beyond the approved ones', () => {
    const r0 = role('deployer', { trustPolicy: trust(`arn:aws:iam::${ACCOUNT}:role/ci`, 'arn:aws:iam::999988887777:root') });
    const r = run(inventory({ roles: [r0] }), [
      approval(roleArn('deployer'), { kind: 'role-trust', principals: [`arn:aws:iam::${ACCOUNT}:role/ci`] }, { ticketId: 'D-3' }),
    ]);
    expect(outcomeOf(r, 'D-3')).toBe('DRIFTED_ENTITLEMENT');
    expect(ofType(r, 'DRIFTED_ENTITLEMENT')[0]?.summary).toContain('arn:aws:iam::999988887777:root');
  });

  it('reports more active keys than approved', () => {
    const u = user('svc-ci', { accessKeys: [key(1, 10, 1), key(2, 5, 1)] });
    expect(outcomeOf(run(inventory({ users: [u] }), [approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'D-4' })]), 'D-4')).toBe(
      'DRIFTED_ENTITLEMENT',
    );
    expect(outcomeOf(run(inventory({ users: [u] }), [approval(u.arn, { kind: 'access-key', maxKeys: 2 }, { ticketId: 'D-4' })]), 'D-4')).toBe(
      'RECONCILED',
    );
  });

  it('raises severity for a privileged approval', () => {
    const u = user('svc-etl', { attachedPolicies: [policyAttachment('AmazonS3FullAccess')] });
    const r = run(inventory({ users: [u] }), [
      approval(u.arn, { kind: 'managed-policy', policyArn: awsPolicy('AmazonS3ReadOnlyAccess') }, { risk: 'privileged' }),
    ]);
    expect(ofType(r, 'DRIFTED_ENTITLEMENT')[0]?.severity).toBe('HIGH');
  });
});

describe('DRIFTED_ENTITLEMENT severity', () => {
  it('rates drift that widens trust outside the account like unapproved external trust', () => {
    const r0 = role('vendor', { trustPolicy: trust(`arn:aws:iam::${ACCOUNT}:role/ci`, 'arn:aws:iam::999988887777:root') });
    const r = run(inventory({ roles: [r0] }), [
      approval(r0.arn, { kind: 'role-trust', principals: [`arn:aws:iam::${ACCOUNT}:role/ci`] }),
    ]);
    expect(ofType(r, 'DRIFTED_ENTITLEMENT')[0]?.severity).toBe('HIGH');
  });

  it('does not rate drift by an external principal that was itself approved', () => {
    const r0 = role('vendor', { trustPolicy: trust('arn:aws:iam::999988887777:root', `arn:aws:iam::${ACCOUNT}:role/ci`) });
    const r = run(inventory({ roles: [r0] }), [
      approval(r0.arn, { kind: 'role-trust', principals: ['arn:aws:iam::999988887777:root'] }),
    ]);
    expect(ofType(r, 'DRIFTED_ENTITLEMENT')[0]?.severity).toBe('MEDIUM');
  });

  it('rates an admin policy attached instead of the approved one as HIGH before the privileged raise', () => {
    const u = user('svc-etl', { attachedPolicies: [policyAttachment('AdministratorAccess')] });
    const r = run(inventory({ users: [u] }), [
      approval(u.arn, { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }),
    ]);
    // The user now holds an admin-like policy, so it is privileged and HIGH is raised to CRITICAL.
    expect(ofType(r, 'DRIFTED_ENTITLEMENT')[0]).toMatchObject({ severity: 'CRITICAL', privileged: true });
  });
});
