import { DeleteAccessKeyCommand, GetAccessKeyLastUsedCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditWriteError, ActionConfigError } from '../../lib/actions/action-errors';
import { DynamoAuditLog, type AuditSink } from '../../lib/actions/audit-log';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { applyKeyExpiry, keyExpiryInputs, KEY_EXPIRY_PERMISSIONS, type KeyExpiryDeps } from '../../lib/actions/key-expiry';
import { createTableInput } from '../../lib/aws/table-spec';
import { actionExecutedDetailSchema } from '../../lib/sinks/event-schemas';
import { actionExecutedEvents } from '../../lib/sinks/eventbridge-events';
import { daysAgo, inventory, key, NOW, user } from '../core/builders';
import { run } from '../core/run';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { iam, iamMock, mockUserKeys, type MockKey } from './iam-fixtures';

const keyId = (name: string, n = 1) => `AKIA${name.replace(/[^a-z]/g, '').toUpperCase()}`.padEnd(19, 'X') + n;
const CREATED = daysAgo(200);

/** Users each holding key 1 created 200 days ago, last used 100 days ago: stale and unused, one planned deactivation each. */
function scenario(names: string[], tags: Record<string, Record<string, string>> = {}) {
  const inv = inventory({ users: names.map((n) => user(n, { accessKeys: [key(1, 200, 100)], tags: tags[n] ?? {} })) });
  const result = run(inv);
  return { inv, result, plan: result.actions };
}

/** IAM holds the planned key (matching creation time) and a newer second key. */
function liveKeys(name: string, over: Partial<MockKey> = {}): MockKey[] {
  return [
    { id: keyId(name, 1), created: CREATED, lastUsed: daysAgo(100), ...over },
    { id: keyId(name, 2), created: daysAgo(10), lastUsed: daysAgo(1) },
  ];
}

let db: LocalDynamo;
let audit: DynamoAuditLog;
let runs = 0;
const nextRun = () => `run-${++runs}`;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
// A table per test: key claims of one test's runs must not hold keys in the next.
let tables = 0;
beforeEach(async () => {
  const name = `audit-${++tables}`;
  await db.createTable(createTableInput(name, AUDIT_TABLE));
  audit = new DynamoAuditLog(db.doc, name);
  iamMock.reset();
  iamMock.on(UpdateAccessKeyCommand).resolves({});
});

function deps(s: ReturnType<typeof scenario>, over: Partial<KeyExpiryDeps> = {}): KeyExpiryDeps {
  return { iam, audit, ...keyExpiryInputs(s.result, s.inv), firstSeen: () => daysAgo(30), clock: () => new Date(NOW), wallClock: () => new Date(NOW), ...over };
}

const updates = () => iamMock.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input);

describe('applyKeyExpiry', () => {
  it('writes nothing to IAM but audits the action as planned when in report mode', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const runId = nextRun();
    const report = await applyKeyExpiry(s.plan, deps(s), { runId });
    expect(report).toMatchObject({ mode: 'report', deactivated: 0, blockedByCap: false });
    expect(updates()).toEqual([]);
    const records = await audit.list(runId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      phase: 'plan',
      mode: 'report',
      decision: 'planned',
      findingId: s.plan[0]!.findingId,
      accessKeyId: keyId('svc-a', 1),
      before: { status: 'Active', lastUsed: daysAgo(100) },
      actor: 'tally',
      at: NOW,
    });
    expect(records[0]!.after).toBeUndefined();
  });

  it('deactivates exactly the key whose creation time matches when in enforce mode', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const runId = nextRun();
    const report = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce', actor: 'arn:aws:iam::123456789012:role/tally' });
    expect(updates()).toEqual([{ UserName: 'svc-a', AccessKeyId: keyId('svc-a', 1), Status: 'Inactive' }]);
    expect(iamMock.commandCalls(DeleteAccessKeyCommand)).toEqual([]);
    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand).map((c) => c.args[0].input.AccessKeyId)).toEqual([keyId('svc-a', 1)]);
    expect(report.deactivated).toBe(1);
    expect(report.outcomes[0]).toMatchObject({ decision: 'deactivated', phase: 'result', after: { status: 'Inactive' }, audit: 'written' });
    const records = await audit.list(runId);
    expect(records.map((r) => [r.phase, r.decision])).toEqual([
      ['plan', 'planned'],
      ['result', 'deactivated'],
    ]);
    expect(records[1]).toMatchObject({ mode: 'enforce', before: { status: 'Active' }, after: { status: 'Inactive' }, actor: 'arn:aws:iam::123456789012:role/tally' });
    const [event, ...more] = actionExecutedEvents(report.outcomes);
    expect(more).toEqual([]);
    expect(event?.detail).toMatchObject({ outcome: 'deactivated', accessKeyId: keyId('svc-a', 1), runId });
    expect(actionExecutedDetailSchema.safeParse(event?.detail).success).toBe(true);
  });

  it("records each key it deactivated, or found inactive, in the account's deactivations at the real time it knew", async () => {
    const s = scenario(['svc-a', 'svc-b']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    mockUserKeys('svc-b', liveKeys('svc-b', { status: 'Inactive' }));
    const wall = new Date(Date.parse(NOW) + 90_000);
    const runId = nextRun();
    await applyKeyExpiry(s.plan, deps(s, { wallClock: () => wall }), { runId, mode: 'enforce' });
    // What a later run reads (this run's log read the account's memory before it wrote).
    const later = new DynamoAuditLog(db.doc, audit.tableName);
    const recorded = await later.deactivationsSince('123456789012', NOW, NOW);
    expect(recorded.map((d) => [d.userArn.split('/').pop(), d.accessKeyId, d.decision, d.deactivatedBy, d.at]).sort()).toEqual([
      ['svc-a', keyId('svc-a', 1), 'deactivated', runId, wall.toISOString()],
      ['svc-b', keyId('svc-b', 1), 'already-inactive', runId, wall.toISOString()],
    ]);
    expect(await later.deactivationsSince('123456789012', new Date(wall.getTime() + 1).toISOString(), NOW)).toEqual([]);
  });

  it('matches the creation time to the second when IAM reports milliseconds', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a', { created: new Date(Date.parse(CREATED) + 999).toISOString() }));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]?.decision).toBe('deactivated');
  });

  it('stops before the first write and blocks every action when the cap is exceeded', async () => {
    const s = scenario(['svc-a', 'svc-b', 'svc-c']);
    for (const n of ['svc-a', 'svc-b', 'svc-c']) mockUserKeys(n, liveKeys(n));
    const runId = nextRun();
    const report = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce', maxActions: 2 });
    expect(updates()).toEqual([]);
    expect(report.blockedByCap).toBe(true);
    expect(report.outcomes.map((o) => o.decision)).toEqual(['blocked-by-cap', 'blocked-by-cap', 'blocked-by-cap']);
    expect(report.outcomes[0]?.reason).toContain('over the cap of 2');
    expect(await audit.list(runId)).toHaveLength(3);
  });

  it('records a report decision and confirms the key against IAM once, then neither while nothing changes, unless every run is asked for', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const run = async (everyRun = false) => {
      iamMock.resetHistory();
      const runId = nextRun();
      // Each run has its own audit log, as a sweep does (the account's memory is read once per log).
      const report = await applyKeyExpiry(s.plan, deps(s, { audit: new DynamoAuditLog(db.doc, audit.tableName) }), { runId, everyRun });
      return { report, records: await audit.list(runId), confirmations: iamMock.commandCalls(ListAccessKeysCommand).length };
    };
    const first = await run();
    expect([first.records.length, first.confirmations, first.report.outcomes[0]?.audit]).toEqual([1, 1, 'written']);
    const second = await run();
    expect([second.records.length, second.confirmations]).toEqual([0, 0]);
    expect(second.report.outcomes[0]).toMatchObject({ decision: 'planned', audit: 'duplicate' });
    expect(second.report.outcomes[0]!.before).toBeUndefined();
    const dryRun = await run(true);
    expect([dryRun.records.length, dryRun.confirmations, dryRun.report.outcomes[0]?.audit]).toEqual([1, 1, 'written']);
    // A decision that changes is recorded: the key turns up inactive.
    mockUserKeys('svc-a', liveKeys('svc-a', { status: 'Inactive' }));
    const later = await applyKeyExpiry(s.plan, deps(s, { audit: new DynamoAuditLog(db.doc, audit.tableName), clock: () => new Date(Date.parse(NOW) + 31 * 86_400_000) }), { runId: nextRun() });
    expect(later.outcomes[0]).toMatchObject({ decision: 'already-inactive', audit: 'written' });
  });

  it('counts the actions the cap, the kill switch and a concurrent run held back when in enforce mode, and none in report mode', async () => {
    const s = scenario(['svc-a', 'svc-b', 'svc-c']);
    for (const n of ['svc-a', 'svc-b', 'svc-c']) mockUserKeys(n, liveKeys(n));
    const capped = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce', maxActions: 2 });
    expect(capped.blocked).toEqual({ count: 3, byReason: { cap: { count: 3, example: expect.stringContaining('over the cap of 2') } } });
    const paused = await applyKeyExpiry(s.plan, deps(s, { killSwitch: () => true }), { runId: nextRun(), mode: 'enforce' });
    expect(paused.blocked).toMatchObject({ count: 3, byReason: { 'kill-switch': { count: 3 } } });
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), maxActions: 2 });
    expect(report.blocked).toEqual({ count: 0, byReason: {} });
  });

  it('acts when the number of actions equals the cap', async () => {
    const s = scenario(['svc-a', 'svc-b']);
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce', maxActions: 2 });
    expect(updates()).toHaveLength(2);
    expect(report.blockedByCap).toBe(false);
  });

  it('skips a break-glass principal named in the configuration or tagged, without reading IAM', async () => {
    const s = scenario(['svc-a', 'breakglass-admin', 'ops-emergency'], { 'ops-emergency': { 'tally:break-glass': 'SEC-9' } });
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce', breakGlass: { principals: ['breakglass-admin'] } });
    const byUser = Object.fromEntries(report.outcomes.map((o) => [o.userName, o]));
    expect(byUser['breakglass-admin']).toMatchObject({ decision: 'skipped-break-glass', reason: 'break-glass principal (configured: breakglass-admin)' });
    expect(byUser['ops-emergency']).toMatchObject({ decision: 'skipped-break-glass', reason: 'break-glass principal (tag tally:break-glass=SEC-9)' });
    expect(byUser['svc-a']?.decision).toBe('deactivated');
    expect(iamMock.commandCalls(ListAccessKeysCommand).map((c) => c.args[0].input.UserName)).toEqual(['svc-a']);
    expect(updates().map((u) => u.UserName)).toEqual(['svc-a']);
  });

  it('skips an action when the grace period since the finding was first seen has not elapsed', async () => {
    const s = scenario(['svc-a', 'svc-b', 'svc-c']);
    for (const n of ['svc-a', 'svc-b', 'svc-c']) mockUserKeys(n, liveKeys(n));
    const seen: Record<string, string | undefined> = {
      [s.plan[0]!.findingId]: daysAgo(2),
      [s.plan[1]!.findingId]: undefined,
      [s.plan[2]!.findingId]: daysAgo(7),
    };
    const report = await applyKeyExpiry(s.plan, deps(s, { firstSeen: async (id) => seen[id] }), { runId: nextRun(), mode: 'enforce', graceDays: 7 });
    expect(report.outcomes.map((o) => o.decision)).toEqual(['skipped-grace', 'skipped-grace', 'deactivated']);
    expect(report.outcomes[1]?.reason).toContain('first seen in this run');
    expect(updates()).toHaveLength(1);
  });

  it('skips every write when the kill switch is on, and counts a failing switch as on', async () => {
    const s = scenario(['svc-a', 'svc-b']);
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n));
    const on = await applyKeyExpiry(s.plan, deps(s, { killSwitch: () => true }), { runId: nextRun(), mode: 'enforce' });
    expect(on.outcomes.map((o) => o.decision)).toEqual(['skipped-kill-switch', 'skipped-kill-switch']);
    const broken = await applyKeyExpiry(s.plan, deps(s, { killSwitch: () => Promise.reject(new Error('SSM unavailable')) }), { runId: nextRun(), mode: 'enforce' });
    expect(broken.outcomes.map((o) => o.decision)).toEqual(['skipped-kill-switch', 'skipped-kill-switch']);
    expect(updates()).toEqual([]);
  });

  it('checks the kill switch before each write when it is turned on mid-run', async () => {
    const s = scenario(['svc-a', 'svc-b']);
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n));
    let writes = 0;
    iamMock.on(UpdateAccessKeyCommand).callsFake(async () => ((writes += 1), {}));
    const report = await applyKeyExpiry(s.plan, deps(s, { killSwitch: () => writes >= 1 }), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes.map((o) => o.decision)).toEqual(['deactivated', 'skipped-kill-switch']);
  });

  it('reports an already inactive key without writing when the key was deactivated before', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a', { status: 'Inactive' }));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'already-inactive', before: { status: 'Inactive' } });
    expect(updates()).toEqual([]);
  });

  it('skips the action when no IAM key has the creation time of the finding', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a', { created: new Date(Date.parse(CREATED) + 1000).toISOString() }));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]?.decision).toBe('skipped-key-mismatch');
    expect(report.outcomes[0]?.reason).toContain(`no key of svc-a created at ${CREATED}`);
    expect(updates()).toEqual([]);
  });

  it('skips the action when the plan names a key id that IAM does not hold at that creation time', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const plan = s.plan.map((a) => ({ ...a, accessKeyId: 'AKIAOTHERKEY0000000X' }));
    const report = await applyKeyExpiry(plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]?.decision).toBe('skipped-key-mismatch');
  });

  it('skips the action when the key was used after the finding’s evidence', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a', { lastUsed: daysAgo(1) }));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-key-in-use', before: { status: 'Active', lastUsed: daysAgo(1) } });
    expect(updates()).toEqual([]);
  });

  it('skips the action when IAM cannot be read for the user', async () => {
    const s = scenario(['svc-a']);
    iamMock.on(ListAccessKeysCommand).rejects(Object.assign(new Error('The user with name svc-a cannot be found.'), { name: 'NoSuchEntityException' }));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(report.outcomes[0]).toMatchObject({ decision: 'skipped-unconfirmed' });
    expect(report.outcomes[0]?.reason).toContain('NoSuchEntityException');
  });

  it('does not duplicate audit records or writes when the same run id is applied again', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const runId = nextRun();
    await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    const first = await audit.list(runId);
    mockUserKeys('svc-a', liveKeys('svc-a', { status: 'Inactive' }));
    // The re-run decides differently (the key is Inactive now): that decision is recorded once.
    const again = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    expect(again.outcomes[0]).toMatchObject({ decision: 'already-inactive', audit: 'written' });
    const second = await audit.list(runId);
    expect(second.map((r) => `${r.phase}:${r.decision}`).sort()).toEqual([...first.map((r) => `${r.phase}:${r.decision}`), 'plan:already-inactive'].sort());
    const third = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    expect(third.outcomes[0]).toMatchObject({ decision: 'already-inactive', audit: 'duplicate' });
    expect(await audit.list(runId)).toEqual(second);
    expect(updates()).toHaveLength(1);
  });

  it('does not duplicate audit records when a report run is repeated', async () => {
    const s = scenario(['svc-a', 'svc-b']);
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n));
    const runId = nextRun();
    await applyKeyExpiry(s.plan, deps(s), { runId });
    const again = await applyKeyExpiry(s.plan, deps(s), { runId });
    expect(again.outcomes.map((o) => o.audit)).toEqual(['duplicate', 'duplicate']);
    expect(await audit.list(runId)).toHaveLength(2);
  });

  it('audits a failed UpdateAccessKey and goes on with the rest when IAM refuses one write', async () => {
    const s = scenario(['svc-a', 'svc-b']);
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n));
    iamMock
      .on(UpdateAccessKeyCommand, { UserName: 'svc-a' })
      .rejects(Object.assign(new Error('User is not authorized to perform: iam:UpdateAccessKey'), { name: 'AccessDenied' }));
    const runId = nextRun();
    const report = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    expect(report.outcomes.map((o) => [o.userName, o.decision]).sort()).toEqual([
      ['svc-a', 'failed'],
      ['svc-b', 'deactivated'],
    ]);
    expect(report.outcomes.find((o) => o.userName === 'svc-a')?.reason).toBe('UpdateAccessKey failed: AccessDenied: User is not authorized to perform: iam:UpdateAccessKey');
    expect(report.deactivated).toBe(1);
    expect((await audit.list(runId)).filter((r) => r.phase === 'result').map((r) => r.decision).sort()).toEqual(['deactivated', 'failed']);
  });

  it('records a later success next to an earlier failure when a failed write is retried in the same run', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    iamMock.on(UpdateAccessKeyCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })).resolves({});
    const runId = nextRun();
    await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    expect((await audit.list(runId)).map((r) => r.decision)).toEqual(['planned', 'deactivated', 'failed']);
  });

  it('records a key found Inactive after a denied write as already-inactive, not deactivated by this run, when an operator deactivated it in between', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    iamMock.on(UpdateAccessKeyCommand).rejects(Object.assign(new Error('User is not authorized to perform: iam:UpdateAccessKey'), { name: 'AccessDenied' }));
    const runId = nextRun();
    const first = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    expect(first.outcomes.map((o) => o.decision)).toEqual(['failed']);
    // An operator deactivates the key by hand; the retry of the same run finds it Inactive.
    mockUserKeys('svc-a', liveKeys('svc-a', { status: 'Inactive' }));
    const retry = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce' });
    expect(retry.outcomes.map((o) => o.decision)).toEqual(['already-inactive']);
    expect(retry.outcomes[0]?.reason).toContain('not seen to succeed');
    expect(retry.deactivated).toBe(0);
    expect(retry.executed).toEqual([]);
    expect(actionExecutedEvents(retry.executed)).toEqual([]);
    expect((await audit.list(runId)).map((r) => `${r.phase}:${r.decision}`)).toEqual(['plan:already-inactive', 'plan:planned', 'result:failed']);
  });

  it('stops before any IAM write when the audit log cannot be written', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const broken: AuditSink = {
      record: (r) => Promise.reject(new AuditWriteError('audit', r.runId, r.findingId, { cause: new Error('ResourceNotFoundException') })),
      recordMany: async (rs) => (rs.length === 0 ? [] : Promise.reject(new AuditWriteError('audit', rs[0]!.runId, rs[0]!.findingId, { cause: new Error('ResourceNotFoundException') }))),
      list: async () => [],
      claim: async () => true,
      lock: async () => true,
      unlock: async () => undefined,
      takeSlot: async () => true,
      sightings: async () => new Map(),
      sight: async () => true,
      reported: async () => new Set(),
      rememberReported: async () => [],
      deactivated: async () => undefined,
      deactivationsSince: async () => [],
      sentWarnings: async () => new Set(),
      warningsSent: async () => [],
      rememberVersion: async () => undefined,
      rememberVersions: async () => undefined,
      rememberedVersions: async () => new Map(),
    };
    await expect(applyKeyExpiry(s.plan, deps(s, { audit: broken }), { runId: nextRun(), mode: 'enforce' })).rejects.toBeInstanceOf(AuditWriteError);
    expect(updates()).toEqual([]);
  });

  it('leaves a key to the run that holds its claim, and acts once the claim has expired', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const other = nextRun();
    expect(await audit.claim(keyId('svc-a', 1), other, NOW, new Date(Date.parse(NOW) + 60_000).toISOString())).toBe(true);
    const blocked = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(blocked.outcomes.map((o) => o.decision)).toEqual(['skipped-concurrent-run']);
    expect(updates()).toEqual([]);
    const later = () => new Date(Date.parse(NOW) + 120_000);
    const acted = await applyKeyExpiry(s.plan, deps(s, { wallClock: later }), { runId: nextRun(), mode: 'enforce' });
    expect(acted.deactivated).toBe(1);
  });

  it('holds the cap across attempts of one run when its retry finds more keys to deactivate', async () => {
    const s = scenario(['svc-a', 'svc-b', 'svc-c']);
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n));
    iamMock.on(ListAccessKeysCommand, { UserName: 'svc-c' }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    const runId = nextRun();
    const first = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce', maxActions: 2 });
    expect(first.outcomes.map((o) => o.decision)).toEqual(['deactivated', 'deactivated', 'skipped-unconfirmed']);
    // The retry confirms svc-c: one key to deactivate, within the cap on its own, over it for the run.
    for (const n of ['svc-a', 'svc-b']) mockUserKeys(n, liveKeys(n, { status: 'Inactive' }));
    mockUserKeys('svc-c', liveKeys('svc-c'));
    const retry = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce', maxActions: 2 });
    expect(retry.outcomes.find((o) => o.userName === 'svc-c')).toMatchObject({ decision: 'blocked-by-cap' });
    expect(retry.outcomes.find((o) => o.userName === 'svc-c')?.reason).toContain('cap of 2 deactivations');
    expect(retry.blockedByCap).toBe(true);
    expect(updates().map((u) => u.UserName)).toEqual(['svc-a', 'svc-b']);
  });

  it('counts a retried write of one key once against the cap when the first write failed', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    iamMock.on(UpdateAccessKeyCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })).resolves({});
    const runId = nextRun();
    await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce', maxActions: 1 });
    const retry = await applyKeyExpiry(s.plan, deps(s), { runId, mode: 'enforce', maxActions: 1 });
    expect(retry.outcomes.map((o) => o.decision)).toEqual(['deactivated']);
  });

  it('holds the cap across runs in one account on one day when a later run has other keys', async () => {
    const s = scenario(['svc-a', 'svc-b', 'svc-c']);
    for (const n of ['svc-a', 'svc-b', 'svc-c']) mockUserKeys(n, liveKeys(n));
    await applyKeyExpiry(s.plan.slice(0, 2), deps(s), { runId: nextRun(), mode: 'enforce', maxActions: 2 });
    const other = await applyKeyExpiry(s.plan.slice(2), deps(s), { runId: nextRun(), mode: 'enforce', maxActions: 2 });
    expect(other.outcomes.map((o) => o.decision)).toEqual(['blocked-by-cap']);
    const nextDay = () => new Date(Date.parse(NOW) + 86_400_000);
    const tomorrow = await applyKeyExpiry(s.plan.slice(2), deps(s, { clock: nextDay, wallClock: nextDay }), { runId: nextRun(), mode: 'enforce', maxActions: 2 });
    expect(tomorrow.outcomes.map((o) => o.decision)).toEqual(['deactivated']);
    expect(updates()).toHaveLength(3);
  });

  it('leaves the account to the run that holds its write lock, and acts once the lock is released or expired', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const other = nextRun();
    expect(await audit.lock('123456789012', other, NOW, new Date(Date.parse(NOW) + 60_000).toISOString())).toBe(true);
    const blocked = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(blocked.outcomes.map((o) => o.decision)).toEqual(['skipped-concurrent-run']);
    expect(blocked.outcomes[0]?.reason).toContain('write lock of account 123456789012');
    expect(updates()).toEqual([]);
    await audit.unlock('123456789012', other, NOW);
    const acted = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), mode: 'enforce' });
    expect(acted.deactivated).toBe(1);
  });

  it('refuses options that make the run unsafe', async () => {
    const s = scenario(['svc-a']);
    await expect(applyKeyExpiry(s.plan, deps(s), { runId: ' ' })).rejects.toBeInstanceOf(ActionConfigError);
    await expect(applyKeyExpiry(s.plan, deps(s), { runId: 'r', maxActions: -1 })).rejects.toThrow(/maxActions/);
    expect(iamMock.calls()).toEqual([]);
  });

  it('sets a TTL on audit records when a retention period is configured', async () => {
    const s = scenario(['svc-a']);
    mockUserKeys('svc-a', liveKeys('svc-a'));
    const report = await applyKeyExpiry(s.plan, deps(s), { runId: nextRun(), retentionDays: 400 });
    expect(report.outcomes[0]?.ttl).toBe(Date.parse(NOW) / 1000 + 400 * 86_400);
  });

  it('declares the read permissions for report mode and the one write for enforce mode', () => {
    expect(KEY_EXPIRY_PERMISSIONS.report).toEqual(['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed']);
    expect(KEY_EXPIRY_PERMISSIONS.enforce).toEqual([...KEY_EXPIRY_PERMISSIONS.report, 'iam:UpdateAccessKey']);
    expect(JSON.stringify(KEY_EXPIRY_PERMISSIONS)).not.toContain('DeleteAccessKey');
  });
});
