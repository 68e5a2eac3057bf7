import { describe, expect, it } from 'vitest';
import type { CreatorSeen } from '../../lib/actions/account-memory';
import { CreatorRecorder } from '../../lib/events/creator-recorder';

const USER = 'arn:aws:iam::123456789012:user/svc-etl';
const seen = (creator: string, eventId: string, how: CreatorSeen['how'] = 'grant'): CreatorSeen => ({
  accountId: '123456789012', principalArn: USER, creator, how, eventName: 'PutUserPolicy', eventId, at: '2026-11-20T00:00:00Z',
});

describe('CreatorRecorder', () => {
  it('writes a principal\'s caller once per warm container when the same caller changes it again', async () => {
    const writes: string[] = [];
    const recorder = new CreatorRecorder({
      rememberCreator: async (c) => {
        writes.push(c.eventId);
        return true;
      },
    });
    await recorder.record(seen('alice', 'e1'));
    await recorder.record(seen('alice', 'e2'));
    await recorder.record(seen('bob', 'e3'));
    await recorder.record(seen('bob', 'e4', 'create'));
    expect(writes).toEqual(['e1', 'e3', 'e4']);
  });

  it('writes again when an earlier write failed', async () => {
    let fail = true;
    const writes: string[] = [];
    const recorder = new CreatorRecorder({
      rememberCreator: async (c) => {
        if (fail) throw new Error('throttled');
        writes.push(c.eventId);
        return true;
      },
    });
    await expect(recorder.record(seen('alice', 'e1'))).rejects.toThrow('throttled');
    fail = false;
    await recorder.record(seen('alice', 'e2'));
    expect(writes).toEqual(['e2']);
  });
});
