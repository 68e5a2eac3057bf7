import { describe, expect, it } from 'vitest';
import type { UnreadPart } from '../../lib/core/inventory';
import { approval, daysAgo, group, inventory, policyAttachment, user, userArn } from './builders';
import { ofType, outcomeOf, run } from './run';

const ALICE = userArn('alice');
const QUEUE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };

/** What the event path reads for PutUserPolicy `queue` on alice: GetUser and that one policy. */
const inlineOnly: UnreadPart[] = [
  { principal: ALICE, kind: 'access-key' },
  { principal: ALICE, kind: 'group-membership' },
  { principal: ALICE, kind: 'inline-policy', except: ['queue'] },
  { principal: ALICE, kind: 'managed-policy' },
];

describe('pair: parts of a principal a targeted read left out', () => {
  it('keeps every approval of an unread part UNVERIFIED, never not-provisioned, deprovisioned or removed, when only one inline policy was read', () => {
    const inv = inventory({ users: [user('alice', { inlinePolicies: [{ policyName: 'queue', document: QUEUE }] })], unreadParts: inlineOnly });
    const r = run(inv, [
      approval(ALICE, { kind: 'identity' }, { ticketId: 'ID' }),
      approval(ALICE, { kind: 'inline-policy', policyName: 'queue' }, { ticketId: 'IN-READ' }),
      approval(ALICE, { kind: 'inline-policy', policyName: 'other' }, { ticketId: 'IN-UNREAD' }),
      approval(ALICE, { kind: 'managed-policy', policyArn: policyAttachment('ReadOnlyAccess').policyArn }, { ticketId: 'MP', verifiedAt: daysAgo(2) }),
      approval(ALICE, { kind: 'group-membership', group: 'dev' }, { ticketId: 'GM' }),
      approval(ALICE, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'AK', verifiedAt: daysAgo(2) }),
      approval(ALICE, { kind: 'group-membership', group: 'ops' }, { ticketId: 'GM-REVOKED', status: 'revoked' }),
    ]);
    expect(outcomeOf(r, 'ID')).toBe('RECONCILED');
    expect(outcomeOf(r, 'IN-READ')).toBe('RECONCILED');
    for (const ticket of ['IN-UNREAD', 'MP', 'GM', 'AK', 'GM-REVOKED']) expect(outcomeOf(r, ticket)).toBe('UNVERIFIED');
    expect(r.findings.filter((f) => f.approval && f.type !== 'RECONCILED')).toEqual([]);
  });

  it('reports the named inline policy not provisioned when it was read and is absent', () => {
    const inv = inventory({ users: [user('alice')], unreadParts: inlineOnly });
    const r = run(inv, [approval(ALICE, { kind: 'inline-policy', policyName: 'queue' }, { ticketId: 'IN-READ' })]);
    expect(outcomeOf(r, 'IN-READ')).toBe('APPROVED_NOT_PROVISIONED');
  });

  it('raises an unapproved entitlement of the part it read at the severity a full read gives', () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const inv = (unreadParts?: UnreadPart[]) => inventory({ users: [user('alice', { inlinePolicies: [{ policyName: 'queue', document: admin }] })], ...(unreadParts ? { unreadParts } : {}) });
    const approvals = [approval(ALICE, { kind: 'identity' })];
    const scoped = ofType(run(inv(inlineOnly), approvals), 'UNAPPROVED_ENTITLEMENT');
    expect(scoped).toEqual(ofType(run(inv(), approvals), 'UNAPPROVED_ENTITLEMENT'));
    expect(scoped.map((f) => f.severity)).toEqual(['CRITICAL']);
  });

  it('keeps a managed-policy approval UNVERIFIED when the user’s own attachments were read but its groups were not', () => {
    const inv = inventory({ users: [user('alice')], unreadParts: [{ principal: ALICE, kind: 'group-membership' }] });
    const r = run(inv, [approval(ALICE, { kind: 'managed-policy', policyArn: policyAttachment('ReadOnlyAccess').policyArn }, { ticketId: 'MP' })]);
    expect(outcomeOf(r, 'MP')).toBe('UNVERIFIED');
  });

  it('leaves other principals’ approvals as a full read judges them when one principal was read in part', () => {
    const inv = inventory({ users: [user('alice'), user('bob', { groups: ['dev'] })], groups: [group('dev')], unreadParts: inlineOnly });
    const r = run(inv, [approval(userArn('bob'), { kind: 'group-membership', group: 'ops' }, { ticketId: 'BOB' })]);
    expect(outcomeOf(r, 'BOB')).toBe('DRIFTED_ENTITLEMENT');
    expect(ofType(run(inventory({ users: [user('bob')] }), [approval(userArn('bob'), { kind: 'group-membership', group: 'ops' }, { ticketId: 'BOB' })]), 'APPROVED_NOT_PROVISIONED')).toHaveLength(1);
  });
});
