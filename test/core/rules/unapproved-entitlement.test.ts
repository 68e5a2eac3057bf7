import { describe, expect, it } from 'vitest';
import { ACCOUNT, approval, group, inventory, key, policyAttachment, role, secret, serviceTrust, trust, user } from '../builders';
import { ofType, run } from '../run';

describe('UNAPPROVED_ENTITLEMENT', () => {
  it('reports a shadow admin user, its policy and its key, the admin policy as critical', () => {
    const u = user('shadow', { attachedPolicies: [policyAttachment('AdministratorAccess')], accessKeys: [key(1, 3, 1)] });
    const found = ofType(run(inventory({ users: [u] })), 'UNAPPROVED_ENTITLEMENT');
    expect(found.map((f) => [f.observed?.kind, f.severity]).sort()).toEqual([
      ['access-key', 'HIGH'],
      ['identity', 'HIGH'],
      ['managed-policy', 'CRITICAL'],
    ]);
  });

  it('still reports shadow access when a draft approval proposes it, and gives the draft no outcome', () => {
    const u = user('shadow', { attachedPolicies: [policyAttachment('ReadOnlyAccess')] });
    const drafts = [approval(u.arn, { kind: 'identity' }, { status: 'draft' }), approval(u.arn, { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { status: 'draft' })];
    const r = run(inventory({ users: [u] }), drafts);
    expect(ofType(r, 'UNAPPROVED_ENTITLEMENT').map((f) => f.observed?.kind).sort()).toEqual(['identity', 'managed-policy']);
    expect(r.outcomes).toEqual([]);
  });

  it('reports an unapproved group membership with the policies it carries', () => {
    const u = user('alice', { groups: ['admins'] });
    const admins = group('admins', { attachedPolicies: [policyAttachment('AdministratorAccess')] });
    const r = run(inventory({ users: [u], groups: [admins] }), [
      approval(u.arn, { kind: 'identity' }),
      approval(admins.arn, { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    ]);
    const [f] = ofType(r, 'UNAPPROVED_ENTITLEMENT');
    expect(f?.observed).toMatchObject({ kind: 'group-membership', target: 'admins', detail: { effectivePolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } });
    expect(f?.severity).toBe('CRITICAL');
  });

  it("reports a policy on a group that has no approval of the group's own", () => {
    const g = group('readers', { attachedPolicies: [policyAttachment('ReadOnlyAccess')] });
    const [f] = ofType(run(inventory({ groups: [g] })), 'UNAPPROVED_ENTITLEMENT');
    expect(f).toMatchObject({ severity: 'MEDIUM', resource: { type: 'AwsIamGroup', id: g.arn } });
  });

  it('reports external trust without approval but not trust within the account or to services', () => {
    const internal = role('ci', { trustPolicy: trust(`arn:aws:iam::${ACCOUNT}:role/runner`) });
    const svc = role('fn', { trustPolicy: serviceTrust('lambda.amazonaws.com') });
    const external = role('vendor', { trustPolicy: trust('arn:aws:iam::999988887777:root') });
    const anyone = role('open', { trustPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] } });
    const r = run(inventory({ roles: [internal, svc, external, anyone] }), [internal, svc, external, anyone].map((x) => approval(x.arn, { kind: 'identity' })));
    expect(ofType(r, 'UNAPPROVED_ENTITLEMENT').map((f) => [f.resource.name, f.severity]).sort()).toEqual([
      ['open', 'CRITICAL'],
      ['vendor', 'HIGH'],
    ]);
  });

  it('reports an active root access key as critical and plans no action on it', () => {
    const root = { arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeys: [key(1, 500, 400)] };
    const r = run(inventory({ root }));
    expect(ofType(r, 'UNAPPROVED_ENTITLEMENT')).toEqual([
      expect.objectContaining({ severity: 'CRITICAL', control: 'IAM.4', resource: expect.objectContaining({ type: 'AwsIamAccessKey' }) }),
    ]);
    expect(ofType(r, 'STALE_ACCESS_KEY')).toEqual([]);
    expect(r.actions).toEqual([]);
  });

  it('reports an unapproved secret but not one an AWS service owns', () => {
    const r = run(inventory({ secrets: [secret('app/token'), secret('rds!db-1234', { owningService: 'rds' })] }));
    expect(ofType(r, 'UNAPPROVED_ENTITLEMENT').map((f) => f.resource.name)).toEqual(['app/token']);
  });

  it('leaves service-linked roles out entirely', () => {
    const slr = role('AWSServiceRoleForTrustedAdvisor', { path: '/aws-service-role/trustedadvisor.amazonaws.com/' });
    expect(run(inventory({ roles: [slr] })).findings).toEqual([]);
  });
});
