import { describe, expect, it } from 'vitest';
import { approval, daysAgo, inventory, key, NOW, secret, user } from './builders';
import { ofType, run } from './run';

describe('exemptions', () => {
  it('keeps findings of a tagged user visible, marks them exempt and plans no action', () => {
    const u = user('vendor-sftp', { tags: { 'tally:exempt': 'vendor SFTP, see SEC-500' }, accessKeys: [key(1, 200, 1)] });
    const r = run(inventory({ users: [u] }), [approval(u.arn, { kind: 'access-key', maxKeys: 1 })]);
    expect(ofType(r, 'STALE_ACCESS_KEY')[0]?.exempt).toEqual({ source: 'tag', reason: 'vendor SFTP, see SEC-500' });
    expect(r.actions).toEqual([]);
    expect(r.exemptions).toEqual([{ resource: u.arn, source: 'tag', reason: 'vendor SFTP, see SEC-500' }]);
  });

  it('honours an exempt flag on an approval', () => {
    const u = user('svc-legacy', { accessKeys: [key(1, 200, 1)] });
    const r = run(inventory({ users: [u] }), [approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { exempt: true, ticketId: 'EX-1' })]);
    expect(ofType(r, 'STALE_ACCESS_KEY')[0]?.exempt).toEqual({ source: 'approval', reason: 'exempt by EX-1' });
    expect(r.actions).toEqual([]);
  });

  it.each([
    ['revoked', { status: 'revoked' as const }],
    ['expired', { expiresAt: daysAgo(1) }],
    ['expiring exactly now', { expiresAt: NOW }],
  ])('plans the action when the exempting approval is %s', (_, over) => {
    const u = user('svc-legacy', { accessKeys: [key(1, 200, 1)] });
    const exempting = approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { exempt: true, ticketId: 'EX-1', ...over });
    const r = run(inventory({ users: [u] }), [exempting]);
    expect(ofType(r, 'STALE_ACCESS_KEY')[0]?.exempt).toBeUndefined();
    expect(r.exemptions).toEqual([]);
    expect(r.actions).toHaveLength(1);
  });

  it('ignores a tag set to false and reads a custom tag name from the policy', () => {
    const off = user('svc-a', { tags: { 'tally:exempt': 'false' }, accessKeys: [key(1, 200, 1)] });
    expect(run(inventory({ users: [off] })).actions).toHaveLength(1);
    const custom = user('svc-b', { tags: { 'sec:skip': 'yes' }, accessKeys: [key(1, 200, 1)] });
    expect(run(inventory({ users: [custom] }), [], { exemptTag: 'sec:skip' }).actions).toEqual([]);
  });

  it('marks findings on an exempt secret', () => {
    const s = secret('legacy/ftp', { rotationEnabled: false, tags: { 'tally:exempt': '' } });
    expect(ofType(run(inventory({ secrets: [s] })), 'SECRET_NOT_ROTATED')[0]?.exempt).toEqual({ source: 'tag', reason: 'tagged tally:exempt' });
  });
});
