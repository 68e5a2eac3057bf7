import { describe, expect, it } from 'vitest';
import { breakGlassReason, graceReason, usageEvidence, usedSinceReason } from '../../lib/actions/rails';
import type { Finding } from '../../lib/core/finding';
import type { PlannedAction } from '../../lib/core/result';
import { daysAgo, inventory, key, NOW, user } from '../core/builders';
import { run } from '../core/run';

const nowMs = Date.parse(NOW);
const action: PlannedAction = {
  kind: 'deactivate-access-key',
  findingId: 'f-1',
  userArn: 'arn:aws:iam::123456789012:user/ops/breakglass',
  userName: 'breakglass',
  accessKeySlot: 1,
  reason: 'STALE_ACCESS_KEY',
};
const findingsOf = (k: ReturnType<typeof key>): Finding[] => run(inventory({ users: [user('svc-a', { accessKeys: [k] })] })).findings;

describe('breakGlassReason', () => {
  it('matches a configured ARN or name and the tag unless it is false', () => {
    expect(breakGlassReason(action, {}, { principals: [action.userArn] })).toContain('configured');
    expect(breakGlassReason(action, {}, { principals: ['breakglass'] })).toContain('configured');
    expect(breakGlassReason(action, { 'tally:break-glass': '' })).toBe('break-glass principal (tag tally:break-glass)');
    expect(breakGlassReason(action, { 'tally:break-glass': 'False' })).toBeUndefined();
    expect(breakGlassReason(action, { 'sec:bg': 'yes' }, { tag: 'sec:bg' })).toContain('sec:bg=yes');
    expect(breakGlassReason(action, undefined, { principals: ['someone-else'] })).toBeUndefined();
  });
});

describe('graceReason', () => {
  it('lets an action through once exactly the grace period has passed and not a millisecond before', () => {
    expect(graceReason(daysAgo(7), nowMs, 7)).toBeUndefined();
    expect(graceReason(new Date(Date.parse(daysAgo(7)) + 1).toISOString(), nowMs, 7)).toContain('grace of 7 days ends');
  });

  it('treats an unknown first sighting as now when the ledger has no record', () => {
    expect(graceReason(undefined, nowMs, 7)).toContain('first seen in this run');
    expect(graceReason(undefined, nowMs, 0)).toBeUndefined();
  });
});

describe('usageEvidence', () => {
  it('counts any use of a key the finding saw as never used', () => {
    const ev = usageEvidence(findingsOf(key(1, 30)).filter((f) => f.type === 'UNUSED_ACCESS_KEY'));
    expect(usedSinceReason(daysAgo(29), ev)).toContain('never used');
    expect(usedSinceReason(null, ev)).toBeUndefined();
  });

  it('counts a use after the last use the unused finding saw', () => {
    const ev = usageEvidence(findingsOf(key(1, 60, 50)).filter((f) => f.type === 'UNUSED_ACCESS_KEY'));
    expect(usedSinceReason(daysAgo(50), ev)).toBeUndefined();
    expect(usedSinceReason(daysAgo(49), ev)).toContain('unused 50 days');
  });

  it('counts a use after detection for a stale key that the report showed in use', () => {
    const ev = usageEvidence(findingsOf(key(1, 200, 1)).filter((f) => f.type === 'STALE_ACCESS_KEY'));
    expect(usedSinceReason(daysAgo(1), ev)).toBeUndefined();
    expect(usedSinceReason(new Date(nowMs + 60_000).toISOString(), ev)).toContain('STALE_ACCESS_KEY: detected');
  });

  it('takes the most cautious evidence when a key is both stale and unused', () => {
    const ev = usageEvidence(findingsOf(key(1, 200, 100)));
    expect(usedSinceReason(daysAgo(99), ev)).toContain('UNUSED_ACCESS_KEY');
  });
});
