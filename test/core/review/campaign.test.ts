import { describe, expect, it } from 'vitest';
import { approvalKey } from '../../../lib/core/approval';
import { parsePolicy } from '../../../lib/core/policy';
import { applyCampaign, startCampaign } from '../../../lib/core/review/campaign';
import { selectDue } from '../../../lib/core/review/due';
import { reviewEscalatedDetailSchema } from '../../../lib/sinks/event-schemas';
import { escalationEvent } from '../../../lib/review/escalation-event';
import { ACCOUNT, approval, daysAgo, inventory, NOW, role, roleArn } from '../builders';

const inv = inventory({ roles: [role('a'), role('b'), role('c')] });
const approvals = ['a', 'b', 'c'].map((n) => approval(roleArn(n), { kind: 'identity' }, { ticketId: `T-${n}`, approvedAt: daysAgo(400) }));
const [ka, kb, kc] = approvals.map(approvalKey) as [string, string, string];
const AFTER_DEADLINE = '2026-12-10T00:00:00.000Z';

function campaign(policy: unknown = {}) {
  const p = parsePolicy(policy);
  return startCampaign(selectDue(approvals, inv, p, NOW), ACCOUNT, p, NOW);
}

describe('applyCampaign', () => {
  it('recertifies a kept approval at the decision time and revokes a revoked one when both come back', () => {
    const c = campaign();
    c.decisions[ka] = { decision: 'keep', decidedBy: 'alice@example.com', decidedAt: '2026-11-21T00:00:00.000Z' };
    c.decisions[kb] = { decision: 'revoke', decidedBy: 'alice@example.com', decidedAt: '2026-11-21T00:00:00.000Z' };
    const out = applyCampaign(c, approvals, '2026-11-21T00:00:00.000Z');
    expect(out.approvals.map((a) => [a.status, a.recertifiedAt])).toEqual([
      ['approved', '2026-11-21T00:00:00.000Z'],
      ['revoked', undefined],
      ['approved', undefined],
    ]);
    expect(out).toMatchObject({ recertified: [ka], revoked: [kb], undecided: [kc], escalations: [] });
  });

  it('escalates an undecided approval once when the deadline has passed and the policy says notify', () => {
    const c = campaign();
    expect(c.deadline).toBe('2026-12-04T00:00:00.000Z');
    const first = applyCampaign(c, approvals, AFTER_DEADLINE);
    expect(first.escalations.map((e) => [e.item.key, e.action])).toEqual([ka, kb, kc].map((k) => [k, 'notify']));
    expect(first.approvals.every((a) => a.status === 'approved')).toBe(true);
    expect(applyCampaign(c, approvals, AFTER_DEADLINE).escalations).toEqual([]);
    const event = escalationEvent(c, first.escalations[0]!, AFTER_DEADLINE);
    expect(event.detailType).toBe('Tally Review Escalated');
    expect(reviewEscalatedDetailSchema.safeParse(event.detail).success).toBe(true);
  });

  it('treats an undecided approval as revoked past the deadline when the policy escalation is revoke', () => {
    const c = campaign({ review: { escalation: 'revoke', deadlineDays: 7 } });
    c.decisions[ka] = { decision: 'keep', decidedBy: 'alice@example.com', decidedAt: NOW };
    const out = applyCampaign(c, approvals, AFTER_DEADLINE);
    expect(out.approvals.map((a) => a.status)).toEqual(['approved', 'revoked', 'revoked']);
    expect(out.escalations.map((e) => e.action)).toEqual(['revoke', 'revoke']);
  });

  it('escalates nothing before the deadline', () => {
    expect(applyCampaign(campaign(), approvals, '2026-11-25T00:00:00.000Z').escalations).toEqual([]);
  });
});
