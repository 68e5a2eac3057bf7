import { describe, expect, it } from 'vitest';
import { approvalSchema } from '../../lib/approvals/approval-schema';

const base = {
  ticketId: 'CHG-1042',
  principal: 'arn:aws:iam::123456789012:user/service/svc-billing-export',
  entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
  approvedBy: 'alice@example.com',
  approvedAt: '2026-09-01T10:00:00Z',
};

const USER = 'arn:aws:iam::123456789012:user/u';

const issues = (input: unknown) => {
  const r = approvalSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('approvalSchema', () => {
  it('parses the DESIGN example record, normalising dates and applying defaults', () => {
    expect(approvalSchema.parse({ ...base, expiresAt: '2027-03-01T00:00:00Z', extra: 'dropped' })).toEqual({
      ...base,
      approvedAt: '2026-09-01T10:00:00.000Z',
      expiresAt: '2027-03-01T00:00:00.000Z',
      risk: 'standard',
      status: 'approved',
    });
  });

  it('defaults access-key maxKeys to 1 and lowercases a pinned document hash', () => {
    expect(approvalSchema.parse({ ...base, entitlement: { kind: 'access-key' } }).entitlement).toEqual({ kind: 'access-key', maxKeys: 1 });
    const hash = 'AB'.repeat(32);
    expect(approvalSchema.parse({ ...base, entitlement: { kind: 'inline-policy', policyName: 'p', documentSha256: hash } }).entitlement).toEqual({
      kind: 'inline-policy',
      policyName: 'p',
      documentSha256: hash.toLowerCase(),
    });
  });

  it('accepts a secret named by ARN or by name', () => {
    for (const principal of ['prod/db/master', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db/master-AbCdEf', 'rds!cluster-1']) {
      expect(issues({ ...base, principal, entitlement: { kind: 'secret', rotationDays: 30 } })).toEqual([]);
    }
  });

  it.each([
    ['a user for role-trust', 'arn:aws:iam::123456789012:user/u', { kind: 'role-trust', principals: ['x'] }],
    ['a role for access-key', 'arn:aws:iam::123456789012:role/r', { kind: 'access-key' }],
    ['a group for group-membership', 'arn:aws:iam::123456789012:group/g', { kind: 'group-membership', group: 'g' }],
    ['the root user', 'arn:aws:iam::123456789012:root', { kind: 'identity' }],
    ['a secret ARN for a policy', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf', base.entitlement],
    ['an IAM ARN for a secret', 'arn:aws:iam::123456789012:user/u', { kind: 'secret' }],
    ['a bare name for a policy', 'svc-billing', base.entitlement],
  ])('rejects %s as principal', (_, principal, entitlement) => {
    expect(issues({ ...base, principal, entitlement })).toEqual([expect.stringMatching(/^principal: /)]);
  });

  it('keeps an owner, a ticket link and the draft status', () => {
    const parsed = approvalSchema.parse({ ...base, owner: ' team-billing@example.com ', ticketUrl: 'https://example.atlassian.net/browse/CHG-1042', status: 'draft' });
    expect(parsed).toMatchObject({ owner: 'team-billing@example.com', ticketUrl: 'https://example.atlassian.net/browse/CHG-1042', status: 'draft' });
  });

  it.each([
    ['ticketUrl', 'javascript:alert(1)'],
    ['ticketUrl', 'not a url'],
    ['owner', '  '],
    ['status', 'pending'],
  ])('rejects a bad %s (%j) naming the field', (field, value) => {
    expect(issues({ ...base, [field]: value })).toEqual([expect.stringMatching(new RegExp(`^${field}: `))]);
  });

  it('rejects an expiry that is not after approval', () => {
    expect(issues({ ...base, expiresAt: '2026-09-01T09:00:00Z' })).toEqual([expect.stringMatching(/^expiresAt: not after approvedAt/)]);
  });

  it.each([
    ['access-key', { maxKeys: 3 }, USER],
    ['access-key', { maxKeys: 0 }, USER],
    ['secret', { rotationDays: -1 }, 'prod/x'],
    ['managed-policy', { policyArn: 'AmazonS3ReadOnlyAccess' }, USER],
    ['role-trust', { principals: [] }, 'arn:aws:iam::123456789012:role/r'],
    ['inline-policy', { policyName: 'p', documentSha256: 'abc' }, USER],
  ])('rejects a %s entitlement with %j', (kind, fields, principal) => {
    expect(issues({ ...base, principal, entitlement: { kind, ...fields } })).toEqual([expect.stringMatching(/^entitlement\./)]);
  });
});
