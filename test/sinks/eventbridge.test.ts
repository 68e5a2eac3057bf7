import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UpcomingExpiry } from '../../lib/core/upcoming-expiry';
import { DETAIL_SCHEMAS, DETAIL_TYPES, type DetailType } from '../../lib/sinks/event-schemas';
import { EventBridgeSink, entryBytes, MAX_REQUEST_BYTES } from '../../lib/sinks/eventbridge';
import { actionExecutedEvents, keyExpiryWarningEvents, sweepEvents, type ExecutedAction, type TallyEvent } from '../../lib/sinks/eventbridge-events';
import { approval, inventory, key, NOW, policyAttachment, user, userArn } from '../core/builders';
import { run } from '../core/run';

const eb = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/** PutEvents accepting every entry, in the documented response shape. */
const acceptAll = (input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e-${i}` })) });
const calls = () => eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);

function warning(i: number, over: Partial<UpcomingExpiry> = {}): UpcomingExpiry {
  return {
    id: `tally/123456789012/key_expiry_warning_14/${String(i).padStart(4, '0')}`,
    accountId: '123456789012',
    userArn: userArn(`svc-${i}`),
    userName: `svc-${i}`,
    slot: 1,
    reason: 'STALE_ACCESS_KEY',
    expiresAt: '2026-12-01T00:00:00.000Z',
    daysLeft: 11,
    warnDay: 14,
    threshold: { name: 'accessKeyMaxAgeDays', limitDays: 90 },
    privileged: false,
    ...over,
  };
}
const warnings = (n: number) => keyExpiryWarningEvents(Array.from({ length: n }, (_, i) => warning(i)), NOW);

let sleeps: number[];
const sink = (over: Partial<ConstructorParameters<typeof EventBridgeSink>[0]> = {}) =>
  new EventBridgeSink({ client, eventBusName: 'tally-bus', sleep: async (ms) => void sleeps.push(ms), ...over });

beforeEach(() => {
  eb.reset();
  sleeps = [];
});

describe('EventBridgeSink', () => {
  it('sends 25 events in three requests of at most 10 entries when all are accepted', async () => {
    eb.on(PutEventsCommand).callsFake(acceptAll);
    const report = await sink().publish(warnings(25));
    expect(calls().map((e) => e.length)).toEqual([10, 10, 5]);
    expect(report).toEqual({ sent: 25, failed: [], requests: 3 });
  });

  it('builds entries with source tally, the detail-type, a versioned JSON detail, the bus, resources and time', async () => {
    eb.on(PutEventsCommand).callsFake(acceptAll);
    await sink().publish(warnings(1));
    const [entry] = calls()[0]!;
    expect(entry).toMatchObject({
      Source: 'tally',
      DetailType: 'Tally Key Expiry Warning',
      EventBusName: 'tally-bus',
      Resources: [userArn('svc-0')],
      Time: new Date(NOW),
    });
    expect(JSON.parse(entry!.Detail!)).toMatchObject({ schemaVersion: '1', userName: 'svc-0', daysLeft: 11, warnDay: 14 });
  });

  it('retries only the failed entries with backoff and reports those still failing when EventBridge keeps refusing them', async () => {
    eb.on(PutEventsCommand)
      .callsFakeOnce((input: PutEventsCommandInput) => ({
        FailedEntryCount: 2,
        Entries: (input.Entries ?? []).map((_, i) =>
          i === 3 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : i === 7 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' } : { EventId: `e-${i}` },
        ),
      }))
      .callsFakeOnce(() => ({ FailedEntryCount: 1, Entries: [{ EventId: 'e-r1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'still' }] }))
      .callsFake(() => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'gave up' }] }));
    const events = warnings(10);
    const report = await sink({ maxAttempts: 3 }).publish(events);
    const retried = calls().slice(1).map((entries) => entries.map((e) => JSON.parse(e.Detail!).userName));
    expect(retried).toEqual([['svc-3', 'svc-7'], ['svc-7']]);
    expect(sleeps).toEqual([200, 400]);
    expect(report).toEqual({
      sent: 9,
      requests: 3,
      failed: [{ detailType: 'Tally Key Expiry Warning', id: events[7]!.id, errorCode: 'InternalFailure', errorMessage: 'gave up' }],
    });
  });

  it('reports a non-retryable entry error at once when EventBridge rejects the detail', async () => {
    eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
      FailedEntryCount: 1,
      Entries: (input.Entries ?? []).map((_, i) => (i === 0 ? { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } : { EventId: 'ok' })),
    }));
    const report = await sink().publish(warnings(2));
    expect(report.requests).toBe(1);
    expect(report.failed.map((f) => f.errorCode)).toEqual(['MalformedDetail']);
    expect(report.sent).toBe(1);
  });

  it('retries a whole request that throws and succeeds when the next attempt goes through', async () => {
    eb.on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .callsFake(acceptAll);
    const report = await sink().publish(warnings(3));
    expect(report).toEqual({ sent: 3, failed: [], requests: 2 });
  });

  it('reports every entry of a request that fails without retrying when access is denied', async () => {
    eb.on(PutEventsCommand).rejects(Object.assign(new Error('not authorized to perform events:PutEvents'), { name: 'AccessDeniedException' }));
    const report = await sink().publish(warnings(3));
    expect(report.requests).toBe(1);
    expect(report.failed).toHaveLength(3);
    expect(report.failed[0]).toMatchObject({ errorCode: 'AccessDeniedException', errorMessage: 'not authorized to perform events:PutEvents' });
  });

  it('reports an entry over 256 KB without sending it and sends the others', async () => {
    eb.on(PutEventsCommand).callsFake(acceptAll);
    const big = warnings(1)[0]!;
    const huge: TallyEvent = { ...big, id: 'huge', detail: { ...big.detail, userName: 'x'.repeat(MAX_REQUEST_BYTES) } };
    const report = await sink().publish([huge, ...warnings(2)]);
    expect(report.sent).toBe(2);
    expect(report.failed).toEqual([expect.objectContaining({ id: 'huge', errorCode: 'EntryTooLarge' })]);
    expect(calls().flat()).toHaveLength(2);
  });

  it('splits requests by size when ten entries would exceed 256 KB', async () => {
    eb.on(PutEventsCommand).callsFake(acceptAll);
    const events = warnings(10).map((e) => ({ ...e, detail: { ...e.detail, userName: 'y'.repeat(60_000) } }));
    const report = await sink().publish(events);
    expect(report.sent).toBe(10);
    expect(calls().map((c) => c.length)).toEqual([4, 4, 2]);
    for (const entries of calls()) expect(entries.reduce((n, e) => n + entryBytes(e), 0)).toBeLessThan(MAX_REQUEST_BYTES);
  });

  it('reports an event whose detail breaks its schema without sending it', async () => {
    eb.on(PutEventsCommand).callsFake(acceptAll);
    const [e] = warnings(1);
    const report = await sink().publish([{ ...e!, detail: { ...e!.detail, schemaVersion: '2' } }]);
    expect(report.failed[0]).toMatchObject({ errorCode: 'SchemaViolation' });
    expect(report.failed[0]?.errorMessage).toContain('schemaVersion');
    expect(calls()).toEqual([]);
  });
});

describe('sweep events', () => {
  const admin = user('ops-admin', { attachedPolicies: [policyAttachment('AdministratorAccess')], accessKeys: [key(1, 200, 1)], tags: { team: 'ops' } });
  const svc = user('svc-report');
  const inv = inventory({ users: [admin, svc] });
  const result = run(inv, [approval(svc.arn, { kind: 'identity' }, { ticketId: 'CHG-7' })]);

  it('emits a finding event per mismatch and an approval event per reconciled approval, each valid against its schema', () => {
    const events = sweepEvents(result);
    const byType = (t: DetailType) => events.filter((e) => e.detailType === t);
    expect(byType(DETAIL_TYPES.finding).length).toBe(result.findings.filter((f) => f.type !== 'RECONCILED').length);
    expect(byType(DETAIL_TYPES.approvalVerified).map((e) => e.detail)).toEqual([
      expect.objectContaining({ ticketId: 'CHG-7', principal: svc.arn, entitlement: { kind: 'identity', target: '' }, status: 'approved', verifiedAt: NOW }),
    ]);
    for (const e of events) expect(DETAIL_SCHEMAS[e.detailType].safeParse(e.detail).success).toBe(true);
    const stale = byType(DETAIL_TYPES.finding).find((e) => e.detail.type === 'STALE_ACCESS_KEY')!;
    expect(stale.resources).toEqual([admin.arn]);
    expect(stale.detail).toMatchObject({ privileged: true, exempt: false, severity: 'HIGH', resource: { accessKeySlot: 1 } });
    expect(stale.detail.resource).not.toHaveProperty('tags');
  });

  it('emits an executed-action event only for a key that was deactivated', () => {
    const base: ExecutedAction = {
      runId: 'run-1',
      findingId: 'tally/123456789012/stale_access_key/abc',
      action: 'deactivate-access-key',
      decision: 'deactivated',
      reason: 'STALE_ACCESS_KEY: key 1 is 200 days old',
      userArn: admin.arn,
      userName: admin.name,
      accessKeySlot: 1,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      before: { status: 'Active', lastUsed: null },
      after: { status: 'Inactive' },
      actor: 'tally',
      at: NOW,
    };
    const events = actionExecutedEvents([base, { ...base, findingId: 'other', decision: 'failed' }]);
    expect(events.map((e) => e.id)).toEqual(['run-1/tally/123456789012/stale_access_key/abc']);
    expect(DETAIL_SCHEMAS[DETAIL_TYPES.actionExecuted].safeParse(events[0]!.detail).success).toBe(true);
  });
});

describe('docs/events.md', () => {
  const doc = readFileSync(join(__dirname, '../../docs/events.md'), 'utf8');
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);

  it('has a valid example event for every detail-type', () => {
    const events = examples.filter((e) => e.source === 'tally');
    expect(events.map((e) => e['detail-type']).sort()).toEqual(Object.values(DETAIL_TYPES).sort());
    for (const e of events) {
      const parsed = DETAIL_SCHEMAS[e['detail-type'] as DetailType].safeParse(e.detail);
      expect(parsed.success, `${String(e['detail-type'])}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
