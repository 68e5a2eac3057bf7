import { describe, expect, it, vi } from 'vitest';
import { parseCloudTrailEvent, type ParsedEvent } from '../../lib/events/cloudtrail-event';
import { PrincipalNotVisibleError, VISIBILITY_WINDOW_MS, serveEvent, type ServeDeps } from '../../lib/events/serve-event';
import type { TallyEvent } from '../../lib/sinks/eventbridge-events';
import type { PrincipalSweepReport } from '../../lib/sweep/principal-sweep';
import { fixture, iamEvent, rotationEvent } from './cloudtrail-fixtures';

const ACCOUNT = '946986569305';
const EVENT_TIME = Date.parse('2024-07-30T21:53:13Z'); // every IAM fixture's eventTime
const at = (ms: number) => new Date(EVENT_TIME + ms);
const missing: PrincipalSweepReport = { found: false, invalidApprovals: [], calls: 1 };

function deps(over: Partial<ServeDeps> = {}): ServeDeps & { sweep: ReturnType<typeof vi.fn> } {
  return { account: ACCOUNT, now: at(10_000), sweep: vi.fn(async () => missing), ...over } as ServeDeps & { sweep: ReturnType<typeof vi.fn> };
}
const parsed = (raw: unknown): ParsedEvent => parseCloudTrailEvent(raw);

describe('serveEvent: a target that is not found', () => {
  it.each(['CreateUser', 'AttachUserPolicy', 'TagUser', 'CreateRole', 'PutGroupPolicy'])(
    'throws a retryable PrincipalNotVisibleError when %s is seconds old',
    async (eventName) => {
      const err = await serveEvent(parsed(iamEvent(eventName)), deps()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PrincipalNotVisibleError);
      expect(err).toMatchObject({ retryable: true, context: { ageMs: 10_000 } });
    },
  );

  it('skips as not-found, without throwing, when the event is older than the visibility window', async () => {
    await expect(serveEvent(parsed(iamEvent('CreateUser')), deps({ now: at(VISIBILITY_WINDOW_MS) }))).resolves.toMatchObject({ skipped: 'not-found' });
  });

  it.each(['DeleteUser', 'DeleteRole', 'DetachRolePolicy', 'RemoveUserFromGroup', 'UntagUser', 'DeleteGroupPolicy'])(
    'skips as gone, without retry, when %s names a principal that no longer exists',
    async (eventName) => {
      await expect(serveEvent(parsed(iamEvent(eventName)), deps())).resolves.toMatchObject({ skipped: 'gone' });
    },
  );
});

describe('serveEvent: accounts', () => {
  it('skips as foreign-account without reading when the function serves another account', async () => {
    const d = deps({ account: '123456789012' });
    await expect(serveEvent(parsed(iamEvent('AttachUserPolicy')), d)).resolves.toMatchObject({ skipped: 'foreign-account' });
    expect(d.sweep).not.toHaveBeenCalled();
  });

  it('reports no rotation failure of another account', async () => {
    const publish = vi.fn();
    await serveEvent(parsed(fixture('rotation-failed')), deps({ account: ACCOUNT, publish }));
    expect(publish).not.toHaveBeenCalled();
  });
});

describe('serveEvent: failed rotations', () => {
  const found: PrincipalSweepReport = { found: true, invalidApprovals: [], principalArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/db-AbCdEf', calls: 1 };
  const failedDeps = (publish: ServeDeps['publish']) =>
    deps({ account: '123456789012', now: new Date('2026-11-20T00:51:00Z'), sweep: vi.fn(async () => found), ...(publish ? { publish } : {}) });

  it('publishes one report and still re-checks the secret when Secrets Manager says RotationFailed', async () => {
    const sent: TallyEvent[] = [];
    const d = failedDeps(async (events) => (sent.push(...events), { sent: events.length, failed: [], requests: 1 }));
    await expect(serveEvent(parsed(fixture('rotation-failed')), d)).resolves.toMatchObject({ principal: found.principalArn });
    expect(sent.map((e) => e.detailType)).toEqual(['Tally Secret Rotation Failed']);
    expect(d.sweep).toHaveBeenCalledOnce();
  });

  it('throws DeliveryIncompleteError when the report cannot be put on the bus', async () => {
    const d = failedDeps(async () => ({ sent: 0, failed: [{ detailType: 'Tally Secret Rotation Failed', id: 'x', errorCode: 'InternalFailure', errorMessage: '' }], requests: 4 }));
    await expect(serveEvent(parsed(fixture('rotation-failed')), d)).rejects.toMatchObject({ name: 'DeliveryIncompleteError' });
  });

  it('reports nothing when the rotation succeeded', async () => {
    const publish = vi.fn();
    const event = rotationEvent('RotationSucceeded');
    await serveEvent(parsed(event), deps({ account: '123456789012', now: new Date('2021-08-13T19:17:20Z'), sweep: vi.fn(async () => found), publish }));
    expect(publish).not.toHaveBeenCalled();
  });
});

describe('serveEvent: creators', () => {
  const USER = `arn:aws:iam::${ACCOUNT}:user/Alice`;
  const found: PrincipalSweepReport = { found: true, invalidApprovals: [], principalArn: USER, calls: 1 };

  it('remembers the caller as the creator of the principal read when a create event is served', async () => {
    const rememberCreator = vi.fn(async () => undefined);
    await serveEvent(parsed(iamEvent('CreateUser')), deps({ sweep: vi.fn(async () => found), rememberCreator }));
    expect(rememberCreator).toHaveBeenCalledWith(expect.objectContaining({ accountId: ACCOUNT, principalArn: USER, how: 'create', eventName: 'CreateUser', creator: `arn:aws:iam::${ACCOUNT}:user/christophe` }));
  });

  it('remembers nothing when the event neither creates nor grants', async () => {
    const rememberCreator = vi.fn(async () => undefined);
    await serveEvent(parsed(iamEvent('DetachUserPolicy')), deps({ sweep: vi.fn(async () => found), rememberCreator }));
    expect(rememberCreator).not.toHaveBeenCalled();
  });

  it('still serves the event when the creator cannot be written', async () => {
    const rememberCreator = vi.fn(async () => Promise.reject(new Error('ProvisionedThroughputExceededException')));
    await expect(serveEvent(parsed(iamEvent('AttachUserPolicy')), deps({ sweep: vi.fn(async () => found), rememberCreator }))).resolves.toMatchObject({ principal: USER });
  });
});
