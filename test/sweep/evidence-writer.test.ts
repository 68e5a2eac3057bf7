import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredApproval } from '../../lib/approvals/approval-item';
import type { ApprovalStore } from '../../lib/approvals/approval-store';
import type { ReconcileResult } from '../../lib/core/result';
import { planEvidence, writeEvidence } from '../../lib/sweep/evidence-writer';
import { approvalsOf, freshStore, USER } from '../approvals/store-fixtures';
import { resultOf } from '../fixtures/securityhub/findings';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

/** A sweep result that reconciles every one of `stored`, each through its own finding. */
function reconciling(stored: readonly StoredApproval[]): ReconcileResult {
  return { ...resultOf([]), outcomes: stored.map((s, i) => ({ approvalKey: s.approvalKey, ticketId: s.approval.ticketId, outcome: 'RECONCILED' as const, findingId: `f-${i}` })) };
}

describe('writeEvidence (sweep) against dynalite', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  async function seeded(n: number): Promise<{ store: ApprovalStore; stored: StoredApproval[] }> {
    const store = await freshStore(db);
    await store.importMany(approvalsOf(USER, n));
    return { store, stored: (await store.listAll()).approvals };
  }

  it('writes the evidence of 250 reconciled approvals in 3 calls', async () => {
    const { store, stored } = await seeded(250);
    db.received.length = 0;
    const report = await writeEvidence(store, planEvidence(stored, reconciling(stored), { path: 'sweep', runId: 'run-1' }));
    expect(report).toEqual({ written: 250, verified: stored.map((s) => s.approvalKey), unchanged: 0, held: [], stale: [], failed: [] });
    expect(db.received).toEqual(['TransactWriteItems', 'TransactWriteItems', 'TransactWriteItems']);
  });

  it('reports the approval changed since it was read stale and writes the others of its batch', async () => {
    const { store, stored } = await seeded(100);
    const changed = stored[63]!;
    await store.writeEvidence(changed.approvalKey, changed.version, { verifiedAt: '2026-11-19T08:00:00Z', method: 'event', findingId: 'earlier', observed: null, outcome: 'RECONCILED' });
    const report = await writeEvidence(store, planEvidence(stored, reconciling(stored), { path: 'sweep', runId: 'run-1' }));
    expect(report).toEqual({ written: 99, verified: stored.map((s) => s.approvalKey), unchanged: 0, held: [], stale: [changed.approvalKey], failed: [] });
  });
});
