import { SecurityHubClient, BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalEvidence } from '../../lib/approvals/evidence';
import { StaleApprovalError } from '../../lib/approvals/store-errors';
import { createTableInput } from '../../lib/aws/table-spec';
import { toAsff } from '../../lib/sinks/asff';
import { FindingsLedger, importedEntry, type ImportItem } from '../../lib/sinks/findings-ledger';
import { fingerprint, LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { SecurityHubSink } from '../../lib/sinks/security-hub';
import { approval, freshStore } from '../approvals/store-fixtures';
import { ACCOUNT, daysAfter, resultOf, roleFinding, T0 } from '../fixtures/securityhub/findings';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

/**
 * Conditional writes under races, on dynalite, 20 times each: evidence written back onto approvals
 * (conditional on the version read) and findings-ledger commits (conditional on UpdatedAt).
 */

const ITERATIONS = 20;
const ctx = { region: 'us-east-1' };

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());

const evidence = (findingId: string, verifiedAt = '2026-11-20T08:00:00.000Z'): ApprovalEvidence => ({
  verifiedAt, method: 'sweep', findingId, observed: { kind: 'managed-policy' }, outcome: 'RECONCILED',
});

/** Settles every promise and splits the values from the errors. */
async function settle<T>(promises: Promise<T>[]): Promise<{ won: T[]; lost: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    won: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    lost: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}

describe('evidence write-back racing', () => {
  it(`lets exactly one of four writers expecting the same version win, every time (${ITERATIONS} races)`, async () => {
    const store = await freshStore(db);
    for (let i = 0; i < ITERATIONS; i++) {
      const { approvalKey } = await store.put(approval({ ticketId: `CHG-${i}` }));
      const { won, lost } = await settle(['a', 'b', 'c', 'd'].map((w) => store.writeEvidence(approvalKey, 1, evidence(`f-${i}-${w}`))));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(3);
      for (const e of lost) expect(e).toMatchObject({ name: 'StaleApprovalError', expectedVersion: 1, currentVersion: 2 });
      const stored = await store.get(approvalKey);
      expect(stored?.version).toBe(2);
      expect(stored?.evidence?.findingId).toBe(won[0]?.evidence?.findingId);
    }
  });

  it('refuses evidence computed from a version an import has since replaced, and keeps the newer approval', async () => {
    const store = await freshStore(db);
    const read = await store.put(approval());
    const summary = await store.importMany([approval({ status: 'revoked' })]);
    expect(summary).toMatchObject({ updated: 1, failed: [] });
    const error = await store.writeEvidence(read.approvalKey, read.version, evidence('f-old')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StaleApprovalError);
    expect(error).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(await store.get(read.approvalKey)).toMatchObject({ version: 2, approval: { status: 'revoked' } });
    expect((await store.get(read.approvalKey))?.evidence).toBeUndefined();
  });

  it(`never leaves evidence of the old content on a changed approval when an import and the evidence race (${ITERATIONS} races)`, async () => {
    const store = await freshStore(db);
    for (let i = 0; i < ITERATIONS; i++) {
      const read = await store.put(approval({ ticketId: `CHG-${i}` }));
      const [imported, written] = await Promise.allSettled([
        store.importMany([approval({ ticketId: `CHG-${i}`, status: 'revoked' })]),
        store.writeEvidence(read.approvalKey, read.version, evidence(`f-${i}`)),
      ]);
      expect(imported).toMatchObject({ status: 'fulfilled', value: { updated: 1, failed: [] } });
      if (written.status === 'rejected') expect(written.reason).toBeInstanceOf(StaleApprovalError);
      const after = await store.get(read.approvalKey);
      expect(after?.approval.status).toBe('revoked');
      expect(after?.evidence).toBeUndefined();
      expect(after?.approval.verifiedAt).toBeUndefined();
      expect(after?.version).toBe(written.status === 'fulfilled' ? 3 : 2);
    }
  });

  it(`keeps the evidence when the same ticket content is imported while it is written (${ITERATIONS} races)`, async () => {
    const store = await freshStore(db);
    for (let i = 0; i < ITERATIONS; i++) {
      const read = await store.put(approval({ ticketId: `CHG-${i}` }));
      const [imported] = await Promise.all([store.importMany([approval({ ticketId: `CHG-${i}` })]), store.writeEvidence(read.approvalKey, 1, evidence(`f-${i}`))]);
      expect(imported).toMatchObject({ unchanged: 1, failed: [] });
      expect(await store.get(read.approvalKey)).toMatchObject({ version: 2, evidence: { findingId: `f-${i}` } });
    }
  });
});

describe('findings ledger commits racing', () => {
  let tables = 0;
  async function freshLedger(): Promise<FindingsLedger> {
    const tableName = `ledger-race-${++tables}`;
    await db.createTable(createTableInput(tableName, LEDGER_TABLE));
    return new FindingsLedger({ client: db.doc, tableName });
  }

  /** The ledger entry a sweep at `now` commits for role finding `i`, as if Security Hub accepted it. */
  function entryAt(i: number, now: string) {
    const finding = roleFinding(i);
    const item: ImportItem = { finding, reason: 'new', firstSeen: T0, updatedAt: now, fingerprint: fingerprint(finding) };
    return importedEntry(item, toAsff(finding, ctx, { createdAt: T0, updatedAt: now }), now);
  }

  it(`keeps the later UpdatedAt whichever of two concurrent commits lands last (${ITERATIONS} races)`, async () => {
    const ledger = await freshLedger();
    for (let i = 0; i < ITERATIONS; i++) {
      const [early, late] = [entryAt(i, daysAfter(1)), entryAt(i, daysAfter(2))];
      const commits = i % 2 === 0 ? [ledger.commit([early]), ledger.commit([late])] : [ledger.commit([late]), ledger.commit([early])];
      const results = await Promise.all(commits);
      const entry = (await ledger.get([early.findingId], daysAfter(3))).get(early.findingId);
      expect(entry?.updatedAt).toBe(daysAfter(2));
      expect(entry?.lastSeen).toBe(daysAfter(2));
      expect(results.reduce((n, r) => n + r.written, 0)).toBeGreaterThanOrEqual(1);
    }
  });

  it(`writes exactly one of two commits carrying the same UpdatedAt, the other superseded (${ITERATIONS} races)`, async () => {
    const ledger = await freshLedger();
    for (let i = 0; i < ITERATIONS; i++) {
      const results = await Promise.all([ledger.commit([entryAt(i, daysAfter(1))]), ledger.commit([entryAt(i, daysAfter(1))])]);
      expect(results.map((r) => r.written).sort()).toEqual([0, 1]);
      expect(results.flatMap((r) => r.superseded)).toEqual([roleFinding(i).id]);
    }
  });

  it(`never rolls back when five sweeps commit the same finding at once with shuffled times (${ITERATIONS} races)`, async () => {
    const ledger = await freshLedger();
    for (let i = 0; i < ITERATIONS; i++) {
      const times = [1, 2, 3, 4, 5].map((d) => daysAfter(d + ((i * 7 + d * 3) % 5) / 10));
      const shuffled = times.map((t, k) => times[(k * 3 + i) % times.length]!);
      await Promise.all(shuffled.map((t) => ledger.commit([entryAt(i, t)])));
      const max = [...times].sort().at(-1);
      expect((await ledger.get([roleFinding(i).id], daysAfter(9))).get(roleFinding(i).id)?.updatedAt).toBe(max);
    }
  });

  it(`keeps the later sweep's entry when two Security Hub syncs of the same finding run at once (${ITERATIONS} races)`, async () => {
    const sh = mockClient(SecurityHubClient);
    sh.on(BatchImportFindingsCommand).callsFake(async (input: { Findings: unknown[] }) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return { SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] };
    });
    const ledger = await freshLedger();
    const sink = () => new SecurityHubSink({ client: new SecurityHubClient({ region: 'us-east-1' }), ledger, ctx, accountId: ACCOUNT, backoffMs: 0 });
    for (let i = 0; i < ITERATIONS; i++) {
      const finding = roleFinding(100 + i);
      const [t1, t2] = [daysAfter(1 + i), daysAfter(1 + i, daysAfter(0.5))];
      const syncs = [sink().sync(resultOf([finding], { evaluatedAt: t1 }), t1), sink().sync(resultOf([finding], { evaluatedAt: t2 }), t2)];
      const reports = await Promise.all(i % 2 === 0 ? syncs : syncs.reverse());
      for (const r of reports) expect(r.failed).toEqual([]);
      expect((await ledger.get([finding.id], daysAfter(60))).get(finding.id)?.updatedAt).toBe(t2);
    }
    sh.restore();
  });
});
