import { describe, expect, it } from 'vitest';
import { approvalKey } from '../../lib/core/approval';
import { draftApprovals } from '../../lib/core/draft-approvals';
import { DETAIL_SCHEMAS, DETAIL_TYPES } from '../../lib/sinks/event-schemas';
import { approvalRequestedEvents } from '../../lib/sinks/eventbridge-events';
import { ACCOUNT, inventory, key, NOW, policyAttachment, role, trust, user, userArn } from '../core/builders';
import { run } from '../core/run';

describe('approvalRequestedEvents', () => {
  const inv = inventory({
    users: [user('svc', { tags: { owner: 'team@example.com' }, attachedPolicies: [policyAttachment('ReadOnlyAccess')], accessKeys: [key(1, 5, 1)] })],
    roles: [role('partner', { trustPolicy: trust('arn:aws:iam::999988887777:root') })],
  });
  const { drafts } = draftApprovals(run(inv).findings, { inventory: inv, now: NOW });

  it('gives one schema-valid event per draft, keyed by approval key, when drafts are given', () => {
    const events = approvalRequestedEvents(drafts, ACCOUNT, NOW);
    expect(events.map((e) => e.id)).toEqual(drafts.map(approvalKey));
    for (const [i, e] of events.entries()) {
      expect(e.detailType).toBe(DETAIL_TYPES.approvalRequested);
      expect(DETAIL_SCHEMAS[e.detailType].safeParse(e.detail).success).toBe(true);
      expect(e.detail).toMatchObject({ accountId: ACCOUNT, findingId: drafts[i]!.draftOf, approvalKey: approvalKey(drafts[i]!), draft: { ...drafts[i]! } });
      expect(e.resources).toEqual([drafts[i]!.principal]);
    }
    expect(events.find((e) => e.resources[0] === userArn('svc'))?.detail).toMatchObject({ draft: { owner: 'team@example.com' } });
  });

  it('gives no event when the record is no longer a draft', () => {
    expect(approvalRequestedEvents([{ ...drafts[0]!, status: 'approved' }], ACCOUNT, NOW)).toEqual([]);
  });
});
