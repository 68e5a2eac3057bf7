import { describe, expect, it } from 'vitest';
import { approval, awsPolicy, daysAgo, inventory, NOW, user, userArn } from '../builders';
import { ofType, outcomeOf, run } from '../run';

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.parse(NOW) - h * HOUR).toISOString();

describe('APPROVED_NOT_PROVISIONED', () => {
  it('reports an approval past its grace period with nothing in IAM', () => {
    const a = approval(userArn('svc-missing'), { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, { ticketId: 'CHG-9', approvedAt: daysAgo(10) });
    const r = run(inventory(), [a]);
    expect(outcomeOf(r, 'CHG-9')).toBe('APPROVED_NOT_PROVISIONED');
    const [f] = ofType(r, 'APPROVED_NOT_PROVISIONED');
    expect(f).toMatchObject({ severity: 'LOW', resource: { type: 'AwsIamUser', id: userArn('svc-missing'), name: 'svc-missing' } });
    expect(f?.approval).toMatchObject({ ticketId: 'CHG-9', approvedBy: 'alice@example.com' });
    expect(r.outcomes[0]?.findingId).toBe(f?.id);
  });

  it('keeps an approval pending exactly at the 24 h grace boundary and reports it just after', () => {
    const a = approval(userArn('svc-new'), { kind: 'identity' }, { ticketId: 'CHG-10', approvedAt: hoursAgo(24) });
    expect(outcomeOf(run(inventory(), [a]), 'CHG-10')).toBe('PENDING');
    const later = new Date(Date.parse(NOW) + 1).toISOString();
    expect(outcomeOf(run(inventory(), [a], {}, later), 'CHG-10')).toBe('APPROVED_NOT_PROVISIONED');
  });

  it("honours an approval's own provisioning grace", () => {
    const a = approval(userArn('svc-new'), { kind: 'identity' }, { ticketId: 'CHG-11', approvedAt: daysAgo(3), provisioningGraceHours: 96 });
    expect(outcomeOf(run(inventory(), [a]), 'CHG-11')).toBe('PENDING');
  });

  it('never reports not-provisioned for a part of the inventory that was not read', () => {
    const inv = inventory({ coverage: { iam: true, credentialReport: false, secrets: false }, users: [user('svc-a')] });
    const r = run(inv, [
      approval(userArn('svc-a'), { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-1' }),
      approval('prod/db', { kind: 'secret' }, { ticketId: 'S-1' }),
    ]);
    expect(outcomeOf(r, 'K-1')).toBe('UNVERIFIED');
    expect(outcomeOf(r, 'S-1')).toBe('UNVERIFIED');
    expect(ofType(r, 'APPROVED_NOT_PROVISIONED')).toEqual([]);
    expect(r.incomplete).toEqual(['credentialReport', 'secrets']);
  });

  it('keeps an access-key approval unverified when the credential report does not cover its user', () => {
    const inv = inventory({ users: [user('svc-new', { createdAt: hoursAgo(2) })], keysUnread: [userArn('svc-new')] });
    const r = run(inv, [
      approval(userArn('svc-new'), { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-1', approvedAt: daysAgo(3) }),
      approval(userArn('svc-new'), { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-2', approvedAt: daysAgo(3), status: 'revoked' }),
    ]);
    expect(outcomeOf(r, 'K-1')).toBe('UNVERIFIED');
    expect(outcomeOf(r, 'K-2')).toBe('UNVERIFIED');
    expect(r.findings.filter((f) => f.approval)).toEqual([]);
    expect(r.keysUnread).toEqual([userArn('svc-new')]);
  });

  it('keeps an access-key approval unverified when the credential report predates the end of its grace period', () => {
    const a = approval(userArn('svc-a'), { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-1', approvedAt: hoursAgo(26) });
    const inv = (keysReadAt: string) => inventory({ users: [user('svc-a')], keysReadAt });
    expect(outcomeOf(run(inv(hoursAgo(3)), [a]), 'K-1')).toBe('UNVERIFIED');
    expect(outcomeOf(run(inv(hoursAgo(1)), [a]), 'K-1')).toBe('APPROVED_NOT_PROVISIONED');
  });

  it('keeps an access-key approval unverified when IAM was not read (the user may be on a missing page)', () => {
    const inv = inventory({ coverage: { iam: false, credentialReport: true, secrets: true } });
    const r = run(inv, [approval(userArn('svc-paged-out'), { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-1' })]);
    expect(outcomeOf(r, 'K-1')).toBe('UNVERIFIED');
    expect(ofType(r, 'APPROVED_NOT_PROVISIONED')).toEqual([]);
  });
});
