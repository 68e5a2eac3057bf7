import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { LedgerError, SecurityHubImportError } from '../../lib/sinks/sink-errors';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { userArn, World } from './fault-world';
import { ledgerState, reference, reportsIncomplete, runScenario, type Reference } from './scenario';
import type { FaultKind } from './sdk-faults';

const KINDS: FaultKind[] = ['throttle', '5xx', 'timeout', 'lost'];

describe('full sweep: faults while delivering to Security Hub, the ledger, EventBridge and the approvals', () => {
  const mocks = World.mocks();
  let db: LocalDynamo;
  let ref: Reference;
  let big: Reference;

  beforeAll(async () => {
    db = await startDynalite();
    ref = await reference(db, mocks);
    big = await reference(db, mocks, 120);
  });
  afterAll(() => db.stop());

  describe.each(KINDS)('%s', (kind) => {
    it('BatchImportFindings fails as a whole: SecurityHubImportError lists every finding, the ledger stays empty', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('sh:BatchImportFindings', kind) });
      const e = s.first.error as SecurityHubImportError;
      expect(e).toBeInstanceOf(SecurityHubImportError);
      expect(new Set(e.notImported)).toEqual(ref.sentIds);
      // A lost response: Security Hub holds them, the ledger does not, so the re-run sends them again.
      // (Those about the keys the run deactivated go in ARCHIVED, naming the action: not counted here.)
      const sent = s.world.shReceived.filter((d) => d.RecordState !== 'ARCHIVED').map((d) => d.Id);
      expect(sent.length).toBe(kind === 'lost' ? 2 * ref.shIds.size : ref.shIds.size);
    });

    it('batch 2 of 2 fails: batch 1 is committed, batch 2 is named as not imported and goes out on the re-run', async () => {
      const s = await runScenario(db, mocks, big, { extraUsers: 120, setup: (f) => f.inject('sh:BatchImportFindings', kind, { after: 1 }) });
      const e = s.first.error as SecurityHubImportError;
      expect(e).toBeInstanceOf(SecurityHubImportError);
      expect(e.batchIndex).toBe(1);
      const notImported = new Set(e.notImported);
      expect(notImported.size).toBe(big.sentIds.size - 100);
      // (checked after the faulted run by runScenario: the ledger only holds what Security Hub took)
      expect([...notImported].every((id) => big.sentIds.has(id))).toBe(true);
    });

    it('the findings ledger Query fails: LedgerError before any import', async () => {
      const s = await runScenario(db, mocks, ref, { prior: true, setup: (f) => f.inject('ddb:Query:ledger', kind === 'lost' ? 'timeout' : kind) });
      expect(s.first.error).toBeInstanceOf(LedgerError);
      expect((s.first.error as LedgerError).operation).toBe('load');
    });

    it('a ledger put fails after Security Hub accepted: LedgerError, and the re-run converges', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('ddb:Put:ledger', kind, { after: 2, times: 1 }) });
      expect(s.first.error).toBeInstanceOf(LedgerError);
      expect((s.first.error as LedgerError).operation).toBe('commit');
    });

    it('PutEvents fails once as a whole: Tally retries the entries, nothing is reported failed', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('eb:PutEvents', kind, { times: 1 }) });
      const r = s.first.report!;
      expect(r.events?.failed).toEqual([]);
      expect(r.events?.requests).toBeGreaterThan(Math.ceil((r.events?.sent ?? 0) / 10));
      expect(reportsIncomplete(r)).toBe(false);
    });

    it('PutEvents fails on every attempt: each event is listed as failed, the rest of the sweep is delivered', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('eb:PutEvents', kind) });
      const r = s.first.report!;
      expect(r.events?.sent).toBe(0);
      expect(r.events?.failed.length).toBeGreaterThan(0);
      expect(new Set(r.events?.failed.map((x) => x.errorCode))).toEqual(new Set([s.hits[0]!.kind === 'throttle' ? 'ThrottlingException' : kind === '5xx' ? 'InternalException' : kind === 'timeout' ? 'TimeoutError' : 'RequestTimeout']));
      expect(r.securityHub?.failed).toEqual([]);
      expect(r.keyExpiry?.deactivated).toBe(2);
      const failedFindings = r.events!.failed.filter((x) => x.detailType === 'Tally Finding').length;
      const received = s.world.ebReceived.filter((e) => e.DetailType === 'Tally Finding').length;
      // All from the re-run; with lost responses EventBridge also took every attempt (at-least-once).
      if (kind === 'lost') expect(received).toBe(failedFindings * 5);
      else expect(received).toBe(failedFindings);
    });

    it('the evidence transaction fails: each write it carried is listed in evidence.failed; the re-run writes them (or finds them written)', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('ddb:Update:approvals', kind, { times: 1 }) });
      const r = s.first.report!;
      // One TransactWriteItems carries every evidence write of this small account: it fails as a whole.
      const carried = r.evidence!.failed.length;
      expect(carried).toBeGreaterThan(1);
      expect(r.evidence).toMatchObject({ written: 0, stale: [] });
      for (const f of r.evidence!.failed) expect(f.error).toMatch(/UpdateItem \(in TransactWriteItems\) /);
      const after = await new ApprovalStore(db.doc, s.tables.approvals).listAll();
      const reconciled = s.clean.result.outcomes.filter((o) => o.outcome === 'RECONCILED').map((o) => o.approvalKey).sort();
      // A reconciled access-key approval whose key the run deactivated carries DEPROVISIONED (by Tally) instead.
      const evidenced = after.approvals.filter((a) => a.evidence?.outcome === 'RECONCILED' || a.evidence?.outcome === 'DEPROVISIONED');
      expect(evidenced.map((a) => a.approvalKey).sort()).toEqual(reconciled);
      expect(s.clean.evidence).toMatchObject({ failed: [], stale: [], written: kind === 'lost' ? 0 : carried });
    });
  });

  it('Security Hub rejects every finding once (FailedFindings): Tally retries them in the same sweep', async () => {
    const seen = new Set<string>();
    const s = await runScenario(db, mocks, ref, {
      payloadFault: true,
      setup: (_f, w) => {
        w.shReject = (d) => (seen.has(d.Id) ? undefined : (seen.add(d.Id), 'LimitExceededException'));
      },
    });
    expect(seen).toEqual(ref.sentIds);
    expect(s.first.report?.securityHub).toMatchObject({ failed: [], imported: ref.shIds.size, closed: ref.closedIds.size, calls: 2 });
    expect(reportsIncomplete(s.first.report!)).toBe(false);
  });

  it.each(['LimitExceededException', 'InvalidInput'])('Security Hub keeps rejecting one finding (%s): reported failed, not in the ledger, imported by the re-run', async (code) => {
    const target = [...ref.shIds].sort()[0]!;
    let rejected = 0;
    const s = await runScenario(db, mocks, ref, {
      payloadFault: true,
      setup: (_f, w) => {
        w.shReject = (d) => (d.Id === target ? (rejected++, code) : undefined);
      },
    });
    expect(rejected).toBe(3); // maxAttempts
    const r = s.first.report!;
    expect(r.securityHub?.failed).toEqual([{ id: target, action: 'import', errorCode: code, errorMessage: `rejected: ${code}` }]);
    expect(r.securityHub?.imported).toBe(ref.shIds.size - 1);
    expect(r.keyExpiry?.deactivated).toBe(2); // the rest of the sweep goes on
    expect(s.clean.securityHub).toMatchObject({ imported: 1, unchanged: ref.sentIds.size - 1, failed: [] });
  });

  it('a response whose counts do not add up: the unlisted findings are re-sent as Unconfirmed, nothing is lost', async () => {
    const s = await runScenario(db, mocks, ref, { payloadFault: true, setup: (_f, w) => void (w.shMiscount = 1) });
    expect(s.first.report?.securityHub).toMatchObject({ failed: [], calls: 2, imported: ref.shIds.size });
  });

  it('EventBridge fails some entries once (retryable per-entry code): retried alone, none reported failed', async () => {
    const seen = new Set<string>();
    const s = await runScenario(db, mocks, ref, {
      payloadFault: true,
      setup: (_f, w) => {
        w.ebReject = (e) => (e.DetailType === 'Tally Finding' && !seen.has(e.Detail!) ? (seen.add(e.Detail!), 'ThrottlingException') : undefined);
      },
    });
    expect(seen.size).toBeGreaterThan(0);
    expect(s.first.report?.events?.failed).toEqual([]);
    expect(reportsIncomplete(s.first.report!)).toBe(false);
  });

  it('an action-executed event EventBridge did not take is delivered by the re-run of the same run', async () => {
    const s = await runScenario(db, mocks, ref, {
      payloadFault: true,
      setup: (_f, w) => void (w.ebReject = (e) => (e.DetailType === 'Tally Action Executed' ? 'AccessDeniedException' : undefined)),
    });
    const r = s.first.report!;
    expect(r.events?.failed.map((x) => [x.detailType, x.errorCode])).toEqual([
      ['Tally Action Executed', 'AccessDeniedException'],
      ['Tally Action Executed', 'AccessDeniedException'],
    ]);
    // The keys were deactivated in the faulted run; the re-run (Lambda retries on undelivered events)
    // must still announce what the run did, or the announcement is lost for good.
    expect(s.world.ebReceived.filter((e) => e.DetailType === 'Tally Action Executed').length).toBe(2);
  });

  it('the ledger after a partial failure holds exactly what Security Hub accepted', async () => {
    const s = await runScenario(db, mocks, big, { extraUsers: 120, setup: (f) => f.inject('sh:BatchImportFindings', '5xx', { after: 1 }) });
    expect((await ledgerState(db, s.tables.ledger)).size).toBe(big.sentIds.size);
    expect(userArn('shadow-000')).toBe('arn:aws:iam::123456789012:user/shadow-000');
  });
});
