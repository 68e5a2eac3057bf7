import { describe, expect, it } from 'vitest';
import { toAsff } from '../../../lib/sinks/asff';
import { approval, awsPolicy, daysAgo, inventory, secret, userArn } from '../builders';
import { ofType, run } from '../run';

const ctx = { region: 'eu-west-1' };

/** The three texts quoted in issue 14, read as a responder reads them in Security Hub. */
describe('finding texts a responder reads', () => {
  it('gives the provisioning grace in hours and the time since approval in days when an identity was never provisioned', () => {
    const r = run(inventory(), [approval(userArn('svc-missing'), { kind: 'identity' }, { ticketId: 'CHG-1193', approvedAt: daysAgo(10) })]);
    const [f] = ofType(r, 'APPROVED_NOT_PROVISIONED');
    expect(f!.summary).toBe('user svc-missing does not exist, 10 days after approval (provisioning grace 24 h)');
    const d = toAsff(f!, ctx).Description;
    expect(d).toContain('Threshold provisioningGraceHours: 24 h (Tally provisioning grace period); time since approval: 10 days.');
    expect(d).not.toMatch(/the identity —|limit 1 days/);
  });

  it('says rotation is off and the value within its limit when a secret has rotation disabled', () => {
    const r = run(inventory({ secrets: [secret('ext/partner', { rotationEnabled: false, lastRotatedAt: daysAgo(10) })] }));
    const d = toAsff(ofType(r, 'SECRET_NOT_ROTATED')[0]!, ctx).Description;
    expect(d).toMatch(/^Automatic rotation is disabled; the value set \d{4}-\d\d-\d\d is 10 days old, within the limit of 90 days\./);
    expect(d).toContain('age of the current value: 10 days, within it.');
    expect(d).not.toContain('10 days, limit 90 days');
  });

  it('states the approval once, with approver and date, when a finding carries one', () => {
    const a = approval(
      userArn('svc-a'),
      { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') },
      { ticketId: 'CHG-1193', approvedBy: 'sofia@example.com', approvedAt: '2026-01-05T10:00:00Z' },
    );
    const r = run(inventory(), [a]);
    const d = toAsff(ofType(r, 'APPROVED_NOT_PROVISIONED')[0]!, ctx).Description;
    expect(d).toContain('Ticket CHG-1193: approved by sofia@example.com on 2026-01-05; standard risk.');
    expect(d).not.toMatch(/, approved, /);
  });
});
