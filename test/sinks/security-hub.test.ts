import { BatchImportFindingsCommand, SecurityHubClient, type BatchImportFindingsCommandInput } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTableInput } from '../../lib/aws/table-spec';
import type { ReconcileResult } from '../../lib/core/result';
import { MAX_BATCH_BYTES, asffBytes } from '../../lib/sinks/asff-batches';
import { assertValidAsff, type AwsSecurityFinding } from '../../lib/sinks/asff-schema';
import { FindingsLedger } from '../../lib/sinks/findings-ledger';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { RateLimiter, type Clock } from '../../lib/sinks/rate-limit';
import { SecurityHubSink, type SecurityHubSinkOptions, type SyncProgress } from '../../lib/sinks/security-hub';
import { ForeignAccountError, SecurityHubImportError } from '../../lib/sinks/sink-errors';
import { awsPolicy, approval, inventory, policyAttachment, user, userArn } from '../core/builders';
import { run } from '../core/run';
import partialResponse from '../fixtures/securityhub/batch-import-findings-partial.json';
import { ACCOUNT, daysAfter, OTHER_ACCOUNT, resultOf, roleFinding, roleFindings, secretFinding, T0 } from '../fixtures/securityhub/findings';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const sh = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/** Virtual time: sleeping only moves the clock. */
function virtualClock(): Clock & { elapsed: () => number } {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms), elapsed: () => t };
}

/** Security Hub accepting every finding, in the documented response shape. */
function acceptAll(input: BatchImportFindingsCommandInput) {
  return { FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] };
}

const sent = (call: number): AwsSecurityFinding[] => (sh.commandCalls(BatchImportFindingsCommand)[call]?.args[0].input.Findings ?? []) as AwsSecurityFinding[];
const allSent = (): AwsSecurityFinding[] => sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => (c.args[0].input.Findings ?? []) as AwsSecurityFinding[]);

let db: LocalDynamo;
let ledger: FindingsLedger;
let clock: ReturnType<typeof virtualClock>;
let tables = 0;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  sh.reset();
  sh.on(BatchImportFindingsCommand).callsFake(acceptAll);
  tables += 1;
  await db.createTable(createTableInput(`sh-ledger-${tables}`, LEDGER_TABLE));
  ledger = new FindingsLedger({ client: db.doc, tableName: `sh-ledger-${tables}` });
  clock = virtualClock();
});

function sink(over: Partial<SecurityHubSinkOptions> = {}): SecurityHubSink {
  return new SecurityHubSink({ client, ledger, ctx: { region: 'eu-west-1' }, accountId: ACCOUNT, clock, ...over });
}

async function syncTwice(first: ReconcileResult, second: ReconcileResult, secondAt: string) {
  await sink().sync(first, T0);
  sh.resetHistory();
  return sink().sync(second, secondAt);
}

describe('SecurityHubSink.sync', () => {
  it('imports every finding in batches of 100 when the first sweep sees 250 findings', async () => {
    const report = await sink().sync(resultOf(roleFindings(250)), T0);
    expect(report).toMatchObject({ imported: 250, archived: 0, unchanged: 0, failed: [], calls: 3, byReason: { new: 250 } });
    expect([0, 1, 2].map((i) => sent(i).length)).toEqual([100, 100, 50]);
    for (const f of allSent()) {
      assertValidAsff(f);
      expect(f).toMatchObject({ CreatedAt: T0, UpdatedAt: T0, FirstObservedAt: T0, RecordState: 'ACTIVE', AwsAccountId: ACCOUNT });
    }
    expect(await ledger.load(ACCOUNT)).toHaveLength(250);
  });

  it('imports nothing when the second sweep finds the same findings', async () => {
    const report = await syncTwice(resultOf(roleFindings(250)), resultOf(roleFindings(250), { evaluatedAt: daysAfter(1) }), daysAfter(1));
    expect(report).toMatchObject({ imported: 0, archived: 0, unchanged: 250, calls: 0 });
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('re-imports a changed finding with the same Id, a later UpdatedAt and the original CreatedAt', async () => {
    const report = await syncTwice(resultOf(roleFindings(3)), resultOf([roleFinding(0), roleFinding(1, { severity: 'HIGH' }), roleFinding(2)]), daysAfter(2));
    expect(report).toMatchObject({ imported: 1, unchanged: 2, byReason: { changed: 1 } });
    expect(allSent()).toEqual([
      expect.objectContaining({ Id: roleFinding(1).id, CreatedAt: T0, UpdatedAt: daysAfter(2), Severity: expect.objectContaining({ Label: 'HIGH' }) }),
    ]);
  });

  it("closes a key's findings in the run that deactivated it, and archives an open one a later run no longer sees, naming the action", async () => {
    const key = (n: number) => roleFinding(n, { type: 'STALE_ACCESS_KEY', resource: { type: 'AwsIamAccessKey', id: `${userArn(`svc-${n}`)}/access-key/1`, name: `svc-${n} key 1`, principalArn: userArn(`svc-${n}`), accessKeySlot: 1 } });
    await sink().sync(resultOf([key(1), key(2), roleFinding(3)]), T0);
    sh.resetHistory();
    // Run 2 deactivates key 1 (its finding is in the result) and key 4 (never imported before).
    const acting = await sink().sync(resultOf([key(1), key(2), key(4), roleFinding(3)]), daysAfter(1), {}, new Map([
      [key(1).resource.id, 'run-2/f1'],
      [key(4).resource.id, 'run-2/f4'],
    ]));
    expect(acting).toMatchObject({ imported: 0, closed: 2, archived: 0, unchanged: 2, failed: [] });
    expect(allSent().map((f) => [f.Id, f.RecordState, f.Compliance?.Status, f.ProductFields?.['tally/closedByAction'], f.CreatedAt])).toEqual([
      [key(1).id, 'ARCHIVED', 'PASSED', 'run-2/f1', T0],
      [key(4).id, 'ARCHIVED', 'PASSED', 'run-2/f4', daysAfter(1)],
    ]);
    for (const f of allSent()) assertValidAsff(f);
    sh.resetHistory();
    // Run 3 reads the deactivation of key 2 by another run back from the audit table: its finding is gone, the open copy is closed naming it.
    const later = await sink().sync(resultOf([roleFinding(3)]), daysAfter(2), {}, new Map([[key(2).resource.id, 'run-x/f2']]));
    expect(later).toMatchObject({ imported: 0, closed: 1, archived: 0, failed: [] });
    expect(allSent().map((f) => [f.Id, f.RecordState, f.ProductFields?.['tally/closedByAction']])).toEqual([[key(2).id, 'ARCHIVED', 'run-x/f2']]);
  });

  it('re-imports a cleared finding as ARCHIVED and PASSED without Workflow when it is gone', async () => {
    const report = await syncTwice(resultOf(roleFindings(2)), resultOf([roleFinding(0)]), daysAfter(1));
    expect(report).toMatchObject({ imported: 0, archived: 1, unchanged: 1 });
    const [archived] = allSent();
    expect(archived).toMatchObject({ Id: roleFinding(1).id, RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' }, CreatedAt: T0, UpdatedAt: daysAfter(1) });
    expect(archived).not.toHaveProperty('Workflow');
    assertValidAsff(archived);
    sh.resetHistory();
    expect(await sink().sync(resultOf([roleFinding(0)]), daysAfter(2))).toMatchObject({ archived: 0, calls: 0 });
  });

  it('retries only the failed findings and reports what still fails without committing it when FailedFindings persist', async () => {
    const ids = roleFindings(5).map((f) => f.id);
    const [bad, flaky] = [ids[1]!, ids[3]!];
    const fixture = (failing: string[]) => ({
      FailedCount: failing.length,
      SuccessCount: 5 - failing.length,
      FailedFindings: partialResponse.FailedFindings.slice(0, failing.length).map((f, i) => ({ ...f, Id: failing[i]! })),
    });
    sh.on(BatchImportFindingsCommand)
      .resolvesOnce(fixture([bad, flaky]))
      .resolvesOnce({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: bad, ErrorCode: 'InternalException', ErrorMessage: 'Internal service failure' }] })
      .resolvesOnce({ FailedCount: 1, SuccessCount: 0, FailedFindings: [{ Id: bad, ErrorCode: 'InternalException', ErrorMessage: 'Internal service failure' }] });
    const report = await sink({ backoffMs: 400 }).sync(resultOf(roleFindings(5)), T0);
    expect(report.calls).toBe(3);
    expect([0, 1, 2].map((i) => sent(i).map((f) => f.Id))).toEqual([ids, [bad, flaky], [bad]]);
    expect(report.failed).toEqual([{ id: bad, action: 'import', errorCode: 'InternalException', errorMessage: 'Internal service failure' }]);
    expect(report.imported).toBe(4);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(400 + 800);
    expect((await ledger.load(ACCOUNT)).map((e) => e.findingId).sort()).toEqual(ids.filter((id) => id !== bad).sort());

    sh.on(BatchImportFindingsCommand).callsFake(acceptAll);
    sh.resetHistory();
    const next = await sink().sync(resultOf(roleFindings(5)), daysAfter(1));
    expect(next).toMatchObject({ imported: 1, unchanged: 4, failed: [] });
    expect(allSent().map((f) => f.Id)).toEqual([bad]);
  });

  it('reports findings as Unconfirmed when the response counts do not say which went in', async () => {
    sh.on(BatchImportFindingsCommand).resolves({ FailedCount: 1, SuccessCount: 1, FailedFindings: [] });
    const report = await sink().sync(resultOf(roleFindings(2)), T0);
    expect(report.calls).toBe(3);
    expect(report.failed.map((f) => f.errorCode)).toEqual(['Unconfirmed', 'Unconfirmed']);
    expect(await ledger.load(ACCOUNT)).toEqual([]);
  });

  it('spaces calls at 10 per second when 11 batches go out', async () => {
    const times: number[] = [];
    sh.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      times.push(clock.now());
      return acceptAll(input);
    });
    const report = await sink().sync(resultOf(roleFindings(1100)), T0);
    expect(report).toMatchObject({ calls: 11, imported: 1100 });
    expect(clock.elapsed()).toBeGreaterThanOrEqual(1000);
    expect(times.slice(1).every((t, i) => t - times[i]! >= 100)).toBe(true);
  }, 120_000);

  it('lets a burst through and then holds the rate when the limiter allows a burst', async () => {
    const c = virtualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 5, clock: c });
    for (let i = 0; i < 25; i += 1) await limiter.take();
    expect(c.elapsed()).toBe(2000);
  });

  it('refreshes every open finding when its last import is 30 days old', async () => {
    const report = await syncTwice(resultOf(roleFindings(3)), resultOf(roleFindings(3)), daysAfter(30));
    expect(report).toMatchObject({ imported: 3, byReason: { refresh: 3 } });
    expect(allSent().every((f) => f.CreatedAt === T0 && f.UpdatedAt === daysAfter(30))).toBe(true);
  });

  it('does not archive secret findings when the secrets part of the inventory was not read', async () => {
    const report = await syncTwice(resultOf([roleFinding(1), secretFinding(1)]), resultOf([roleFinding(1)], { incomplete: ['secrets'] }), daysAfter(1));
    expect(report).toMatchObject({ archived: 0, held: 1, calls: 0 });
    sh.resetHistory();
    const read = await sink().sync(resultOf([roleFinding(1)]), daysAfter(2));
    expect(read).toMatchObject({ archived: 1, held: 0 });
    expect(allSent().map((f) => f.Id)).toEqual([secretFinding(1).id]);
  });

  it('refuses before any call when a finding belongs to another account', async () => {
    const result = resultOf([roleFinding(1), roleFinding(2, {}, OTHER_ACCOUNT)]);
    await expect(sink().sync(result, T0)).rejects.toBeInstanceOf(ForeignAccountError);
    await expect(sink({ accountId: OTHER_ACCOUNT }).sync(resultOf([roleFinding(1)]), T0)).rejects.toMatchObject({
      name: 'ForeignAccountError',
      context: { expectedAccountId: OTHER_ACCOUNT, actualAccountId: ACCOUNT },
    });
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('keeps every batch under 6 MB when findings are large', async () => {
    const detail = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${i}`, 'x'.repeat(2000)]));
    const big = roleFindings(100).map((f) => ({ ...f, observed: { principal: f.resource.id, kind: 'identity' as const, target: f.resource.id, source: 'GetAccountAuthorizationDetails' as const, detail } }));
    const report = await sink().sync(resultOf(big), T0);
    const calls = sh.commandCalls(BatchImportFindingsCommand);
    expect(report.imported).toBe(100);
    expect(calls.length).toBeGreaterThan(1);
    for (const [i] of calls.entries()) expect(sent(i).reduce((n, f) => n + asffBytes(f) + 1, 2)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  it('reports a finding that breaks the ASFF schema without sending it', async () => {
    const broken = roleFinding(9, { resource: { type: 'AwsIamRole', id: ' ', name: 'broken' } });
    const report = await sink().sync(resultOf([roleFinding(1), broken]), T0);
    expect(report.failed).toEqual([expect.objectContaining({ id: broken.id, errorCode: 'InvalidAsff' })]);
    expect(allSent().map((f) => f.Id)).toEqual([roleFinding(1).id]);
  });

  it('throws SecurityHubImportError with the cause after committing earlier batches when a call fails', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform securityhub:BatchImportFindings'), { name: 'AccessDeniedException' });
    sh.on(BatchImportFindingsCommand).callsFakeOnce(acceptAll).rejects(denied);
    const error = await sink().sync(resultOf(roleFindings(250)), T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecurityHubImportError);
    expect(error).toMatchObject({ accountId: ACCOUNT, batchIndex: 1, cause: denied });
    expect((error as SecurityHubImportError).notImported).toHaveLength(150);
    expect(await ledger.load(ACCOUNT)).toHaveLength(100);
  });

  it('reports progress per batch when a progress callback is given', async () => {
    const seen: SyncProgress[] = [];
    await sink({ onProgress: (p) => seen.push(p) }).sync(resultOf(roleFindings(150)), T0);
    expect(seen.map((p) => `${p.phase} ${p.done}/${p.total}`)).toEqual(['planned 0/2', 'batch 1/2', 'batch 2/2', 'done 2/2']);
  });
});

describe('SecurityHubSink end to end', () => {
  it('imports findings and then archives them when the next sweep finds the state fixed', async () => {
    const alice = userArn('alice');
    const approvals = [approval(alice, { kind: 'managed-policy', policyArn: awsPolicy('ReadOnlyAccess') })];
    const before = inventory({ users: [user('alice', { attachedPolicies: [policyAttachment('ReadOnlyAccess'), policyAttachment('AdministratorAccess')] })] });
    const after = inventory({ users: [user('alice', { attachedPolicies: [policyAttachment('ReadOnlyAccess')] })] });

    const first = run(before, approvals);
    const unapproved = first.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT');
    expect(unapproved).toHaveLength(1);
    const r1 = await sink().sync(first, first.evaluatedAt);
    expect(r1).toMatchObject({ imported: first.findings.length, archived: 0, failed: [] });
    expect(allSent().map((f) => f.Id).sort()).toEqual(first.findings.map((f) => f.id).sort());

    sh.resetHistory();
    const fixedAt = daysAfter(1, first.evaluatedAt);
    const second = run(after, approvals, {}, fixedAt);
    const r2 = await sink().sync(second, fixedAt);
    expect(r2).toMatchObject({ archived: 1, failed: [] });
    const archived = allSent().find((f) => f.Id === unapproved[0]!.id);
    expect(archived).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' }, CreatedAt: first.evaluatedAt });
    expect(Date.parse(archived!.UpdatedAt)).toBeGreaterThan(Date.parse(first.evaluatedAt));
    expect((await ledger.load(ACCOUNT)).map((e) => e.findingId)).not.toContain(unapproved[0]!.id);
  });
});
