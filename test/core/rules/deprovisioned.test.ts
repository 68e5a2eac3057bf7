import { describe, expect, it } from 'vitest';
import { approval, awsPolicy, daysAgo, inventory, key, user, userArn } from '../builders';
import { ofType, outcomeOf, run } from '../run';
import { isEvidence } from '../../../lib/core/finding';
import { findingEvents } from '../../../lib/sinks/eventbridge-events';

const VERIFIED = daysAgo(5);

describe('DEPROVISIONED', () => {
  it('reports a verified access-key approval whose key is now inactive as deprovisioned, never as not provisioned', () => {
    const u = user('svc-etl', { accessKeys: [{ ...key(1, 200, 100, false), accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] });
    const a = approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-1', approvedAt: daysAgo(300), verifiedAt: VERIFIED });
    const r = run(inventory({ users: [u], keysReadAt: daysAgo(0.1) }), [a]);
    expect(outcomeOf(r, 'K-1')).toBe('DEPROVISIONED');
    expect(ofType(r, 'APPROVED_NOT_PROVISIONED')).toEqual([]);
    const [f] = ofType(r, 'DEPROVISIONED');
    expect(f).toMatchObject({ severity: 'INFORMATIONAL', resource: { id: u.arn } });
    expect(f!.summary).toContain(`AKIAIOSFODNN7EXAMPLE inactive; active when verified at ${VERIFIED}`);
  });

  it('reports a verified managed policy that was detached since as deprovisioned', () => {
    const a = approval(userArn('svc-a'), { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, { ticketId: 'P-1', approvedAt: daysAgo(30), verifiedAt: VERIFIED });
    const r = run(inventory({ users: [user('svc-a')] }), [a]);
    expect(outcomeOf(r, 'P-1')).toBe('DEPROVISIONED');
    expect(ofType(r, 'DEPROVISIONED')[0]!.summary).toContain(`managed policy ReadOnlyAccess — no longer found; present when verified at ${VERIFIED}`);
  });

  it('still reports an approval never verified as not provisioned', () => {
    const a = approval(userArn('svc-a'), { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') }, { ticketId: 'P-2', approvedAt: daysAgo(30) });
    expect(outcomeOf(run(inventory({ users: [user('svc-a')] }), [a]), 'P-2')).toBe('APPROVED_NOT_PROVISIONED');
  });

  it('is deprovisioned, not pending, when verified access goes away inside the provisioning grace', () => {
    const a = approval(userArn('svc-a'), { kind: 'identity' }, { ticketId: 'I-1', approvedAt: daysAgo(0.5), verifiedAt: daysAgo(0.25) });
    expect(outcomeOf(run(inventory(), [a]), 'I-1')).toBe('DEPROVISIONED');
  });

  it('stays unverified when the credential report predates the verification', () => {
    const u = user('svc-etl');
    const a = approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'K-2', approvedAt: daysAgo(300), verifiedAt: daysAgo(1) });
    expect(outcomeOf(run(inventory({ users: [u], keysReadAt: daysAgo(2) }), [a]), 'K-2')).toBe('UNVERIFIED');
  });

  it('is evidence, like RECONCILED: never published as a mismatch', () => {
    const a = approval(userArn('svc-a'), { kind: 'identity' }, { ticketId: 'I-2', approvedAt: daysAgo(30), verifiedAt: VERIFIED });
    const r = run(inventory(), [a]);
    expect(ofType(r, 'DEPROVISIONED')).toHaveLength(1);
    expect(isEvidence('DEPROVISIONED')).toBe(true);
    expect(findingEvents(r)).toEqual([]);
  });
});
