import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditReadError, AuditWriteError } from '../../lib/actions/action-errors';
import type { AuditRecord } from '../../lib/actions/audit-table';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { World } from './fault-world';
import { auditRecords, reference, runScenario, type Reference, type Scenario } from './scenario';
import type { FaultKind } from './sdk-faults';

const ETL_KEY = 'AKIAFAULTSVCETL00001';
const ADMIN_KEY = 'AKIAFAULTTMPADMIN001';
const KINDS: FaultKind[] = ['throttle', '5xx', 'timeout'];
/** The audit put of a `deactivated` result: after UpdateAccessKey succeeded. */
const RESULT_PUT = /^ddb:Put:audit-\d+:2-result-deactivated$/;

/** The finding id of the action on `userName`'s key, from the faulted run's report or the clean one. */
function actionFinding(s: Scenario, userName: string): string {
  return (s.first.report ?? s.clean).result.actions.find((a) => a.userName === userName)!.findingId;
}

function decisions(audit: AuditRecord[], findingId: string): string[] {
  return audit.filter((a) => a.findingId === findingId).map((a) => `${a.phase}:${a.decision}`);
}

describe('key expiry under faults: ListAccessKeys, GetAccessKeyLastUsed, UpdateAccessKey, the audit log, the ledger', () => {
  const mocks = World.mocks();
  let db: LocalDynamo;
  let ref: Reference;

  beforeAll(async () => {
    db = await startDynalite();
    ref = await reference(db, mocks);
  });
  afterAll(() => db.stop());

  describe.each(KINDS)('%s', (kind) => {
    it.each(['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'])('%s fails for one key: that action is skipped-unconfirmed (fail closed), the other goes ahead', async (op) => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject(op, kind, { times: 1 }) });
      const r = s.first.report!;
      const skipped = r.keyExpiry!.outcomes.filter((o) => o.decision === 'skipped-unconfirmed');
      expect(skipped).toHaveLength(1);
      expect(skipped[0]?.reason).toContain(op.slice(4));
      expect(s.firstUpdates).toHaveLength(1);
      expect(s.clean.keyExpiry?.deactivated).toBe(1); // the re-run of the same run id finishes the job
    });

    it('UpdateAccessKey fails for one key: audited as failed, the run goes on; the re-run deactivates it once', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('iam:UpdateAccessKey', kind, { times: 1 }) });
      const r = s.first.report!;
      expect(r.keyExpiry!.outcomes.map((o) => o.decision).sort()).toEqual(['deactivated', 'failed']);
      expect(s.firstUpdates).toHaveLength(1);
      const id = actionFinding(s, 'svc-etl');
      const audit = await auditRecords(db, s.tables.audit, 'run-1');
      // One plan record; the result of each attempt (per design: `failed`, then `deactivated`).
      expect(decisions(audit, id)).toEqual(['plan:planned', 'result:deactivated', 'result:failed']);
    });

    it('the audit write before UpdateAccessKey fails: AuditWriteError, and no key is touched without its record', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject(/^ddb:Put:audit-\d+:1-plan-planned$/, kind, { times: 1 }) });
      expect(s.first.error).toBeInstanceOf(AuditWriteError);
      expect(s.firstUpdates).toEqual([]);
    });

    it('the ledger read for the grace period fails: the audit table\'s own first sighting counts (grace 0 here), both keys deactivated', async () => {
      // Acting comes before publishing: BatchGet #1 is the first sightings of the two key findings, #2 the Security Hub plan.
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('ddb:BatchGet:ledger', kind, { times: 1 }) });
      const r = s.first.report!;
      expect(r.keyExpiry!.outcomes.map((o) => o.decision)).toEqual(['deactivated', 'deactivated']);
    });

    it('the audit table\'s account memory cannot be read: the sweep fails before any key is acted on, and the re-run acts', async () => {
      // One Query reads the account's memory (version dates, deactivations, first sightings); the inventory
      // goes on without its version dates, the recent deactivations cannot: the run stops before key expiry.
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('ddb:BatchGet:ledger', kind, { times: 1 }).inject(/^ddb:Query:audit-\d+$/, kind, { times: 2 }) });
      expect(s.first.error).toBeInstanceOf(AuditReadError);
      expect(s.firstUpdates).toEqual([]);
      expect(s.clean.keyExpiry?.deactivated).toBe(2);
    });
  });

  it('UpdateAccessKey applied but its response lost: the re-run sees the key inactive and does not call it again', async () => {
    const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('iam:UpdateAccessKey', 'lost', { times: 1 }) });
    expect(s.firstUpdates.sort()).toEqual([ADMIN_KEY, ETL_KEY].sort());
    expect(s.world.updates).toHaveLength(2);
    // Both keys are Inactive on the re-run; neither is deactivated by it.
    expect(s.clean.keyExpiry?.outcomes.map((o) => o.decision)).toEqual(['already-inactive', 'already-inactive']);
    expect(s.clean.keyExpiry?.deactivated).toBe(0);
  });

  it('audit: a key whose UpdateAccessKey response was lost is recorded already-inactive with the outcome unknown, not deactivated by this run', async () => {
    const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('iam:UpdateAccessKey', 'lost', { times: 1 }) });
    const id = actionFinding(s, s.world.updates[0]!.id === ETL_KEY ? 'svc-etl' : 'temp-admin');
    const audit = await auditRecords(db, s.tables.audit, 'run-1');
    // A lost response looks exactly like a refused write followed by someone else's deactivation.
    expect(decisions(audit, id)).toEqual(['plan:already-inactive', 'plan:planned', 'result:failed']);
    expect(audit.find((a) => a.findingId === id && a.decision === 'already-inactive')?.reason).toContain('not seen to succeed');
    expect(s.clean.keyExpiry?.executed.map((e) => e.findingId)).not.toContain(id);
  });

  it('audit: the result write fails after UpdateAccessKey succeeded: AuditWriteError stops the run, never "UpdateAccessKey failed"', async () => {
    const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject(RESULT_PUT, '5xx', { times: 1 }) });
    const id = actionFinding(s, s.world.updates[0]!.id === ETL_KEY ? 'svc-etl' : 'temp-admin');
    const audit = await auditRecords(db, s.tables.audit, 'run-1');
    const failed = audit.filter((a) => a.findingId === id && a.decision === 'failed');
    // The key was deactivated; an audit record saying the IAM write failed is false.
    expect(failed.map((a) => a.reason)).toEqual([]);
    expect(s.first.error).toBeInstanceOf(AuditWriteError);
  });

  it('audit: the result record lost after UpdateAccessKey: the re-run calls IAM no more and records the outcome as unknown', async () => {
    const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject(RESULT_PUT, '5xx', { times: 1 }) });
    const id = actionFinding(s, s.world.updates[0]!.id === ETL_KEY ? 'svc-etl' : 'temp-admin');
    const audit = await auditRecords(db, s.tables.audit, 'run-1');
    // UpdateAccessKey was called once per key (checked by runScenario). The attempt that saw it succeed
    // could not record it; a retry cannot tell that from someone else's write, so it claims nothing.
    expect(decisions(audit, id)).toEqual(['plan:already-inactive', 'plan:planned']);
    expect(s.clean.keyExpiry?.executed.map((e) => e.findingId)).not.toContain(id);
  });

  it('audit: a key deactivated on the re-run has a "planned" record before the write, not the first attempt\'s skip', async () => {
    const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('iam:ListAccessKeys', 'throttle', { times: 1 }) });
    const skipped = s.first.report!.keyExpiry!.outcomes.find((o) => o.decision === 'skipped-unconfirmed')!;
    const audit = await auditRecords(db, s.tables.audit, 'run-1');
    expect(decisions(audit, skipped.findingId)).toContain('result:deactivated');
    // The record written before the write must say the write was planned (lib/actions/key-expiry.ts:
    // "each write is preceded by ... its audit record"); it still says skipped-unconfirmed.
    expect(decisions(audit, skipped.findingId)).toContain('plan:planned');
  });
});
