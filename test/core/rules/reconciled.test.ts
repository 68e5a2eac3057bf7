import { describe, expect, it } from 'vitest';
import { documentSha256 } from '../../../lib/core/canonical-json';
import {
  ACCOUNT, approval, awsPolicy, daysAgo, group, groupArn, inventory, key, policyAttachment, role, roleArn, secret, trust, user, userArn,
} from '../builders';
import { ofType, outcomeOf, run } from '../run';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::exports/*' }] };

describe('RECONCILED', () => {
  it('reconciles every entitlement kind when state matches the approval', () => {
    const u = user('svc-export', {
      attachedPolicies: [policyAttachment('AmazonS3ReadOnlyAccess')],
      inlinePolicies: [{ policyName: 'exports', document: doc }],
      groups: ['readers'],
      accessKeys: [key(1, 10, 1)],
    });
    const r0 = role('deployer', { trustPolicy: trust(`arn:aws:iam::${ACCOUNT}:role/ci`) });
    const s = secret('prod/db');
    const inv = inventory({ users: [u], roles: [r0], groups: [group('readers')], secrets: [s] });
    const r = run(inv, [
      approval(u.arn, { kind: 'identity' }, { ticketId: 'T-1' }),
      approval(u.arn, { kind: 'managed-policy', policyArn: awsPolicy('AmazonS3ReadOnlyAccess') }, { ticketId: 'T-2' }),
      approval(u.arn, { kind: 'inline-policy', policyName: 'exports', documentSha256: documentSha256(doc) }, { ticketId: 'T-3' }),
      approval(u.arn, { kind: 'group-membership', group: 'readers' }, { ticketId: 'T-4' }),
      approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'T-5' }),
      approval(r0.arn, { kind: 'role-trust', principals: [`arn:aws:iam::${ACCOUNT}:role/ci`] }, { ticketId: 'T-6' }),
      approval('prod/db', { kind: 'secret' }, { ticketId: 'T-7' }),
    ]);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(Array(7).fill('RECONCILED'));
    expect(r.findings.filter((f) => f.type !== 'RECONCILED')).toEqual([]);
    const secretEvidence = ofType(r, 'RECONCILED').find((f) => f.approval?.ticketId === 'T-7');
    expect(secretEvidence).toMatchObject({ severity: 'INFORMATIONAL', resource: { id: s.arn }, observed: { source: 'ListSecrets' } });
  });

  it('counts a policy reaching the user through an approved group as provisioned', () => {
    const u = user('alice', { groups: ['analysts'] });
    const g = group('analysts', { attachedPolicies: [policyAttachment('AmazonAthenaFullAccess')] });
    const r = run(inventory({ users: [u], groups: [g] }), [
      approval(u.arn, { kind: 'group-membership', group: 'analysts' }, { ticketId: 'G-1' }),
      approval(u.arn, { kind: 'managed-policy', policyArn: awsPolicy('AmazonAthenaFullAccess') }, { ticketId: 'G-2' }),
      approval(groupArn('analysts'), { kind: 'managed-policy', policyArn: awsPolicy('AmazonAthenaFullAccess') }, { ticketId: 'G-3' }),
    ]);
    expect(outcomeOf(r, 'G-2')).toBe('RECONCILED');
    expect(r.findings.filter((f) => f.type !== 'RECONCILED')).toEqual([]);
  });

  it('reconciles an expired approval whose access was removed', () => {
    const r = run(inventory({ users: [user('bob')] }), [
      approval(userArn('bob'), { kind: 'identity' }, { ticketId: 'ON-1' }),
      approval(userArn('bob'), { kind: 'group-membership', group: 'admins' }, { ticketId: 'OLD-1', expiresAt: daysAgo(5) }),
    ]);
    expect(outcomeOf(r, 'OLD-1')).toBe('RECONCILED');
  });

  it('reconciles an expired approval superseded by a renewal', () => {
    const u = user('bob', { groups: ['ops'] });
    const r = run(inventory({ users: [u], groups: [group('ops')] }), [
      approval(u.arn, { kind: 'group-membership', group: 'ops' }, { ticketId: 'OLD', expiresAt: daysAgo(5) }),
      approval(u.arn, { kind: 'group-membership', group: 'ops' }, { ticketId: 'NEW' }),
    ]);
    expect(outcomeOf(r, 'OLD')).toBe('RECONCILED');
    expect(ofType(r, 'RECONCILED').find((f) => f.approval?.ticketId === 'OLD')?.summary).toContain('superseded by NEW');
  });

  it('matches a secret approval given by name, partial ARN or full ARN', () => {
    const s = secret('prod/db');
    const partial = s.arn.slice(0, -7);
    const r = run(inventory({ secrets: [s] }), [
      approval('prod/db', { kind: 'secret' }, { ticketId: 'A' }),
      approval(partial, { kind: 'secret' }, { ticketId: 'B' }),
      approval(s.arn, { kind: 'secret' }, { ticketId: 'C' }),
    ]);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['RECONCILED', 'RECONCILED', 'RECONCILED']);
  });

  it('treats trust given as an account id like its root ARN', () => {
    const r0 = role('x-acct', { trustPolicy: trust('111122223333') });
    const r = run(inventory({ roles: [r0] }), [
      approval(roleArn('x-acct'), { kind: 'role-trust', principals: ['arn:aws:iam::111122223333:root'] }, { ticketId: 'TR' }),
    ]);
    expect(outcomeOf(r, 'TR')).toBe('RECONCILED');
  });
});
