import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import type { Inventory } from '../../lib/core/inventory';
import { parsePolicy } from '../../lib/core/policy';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { approval, inventory, key, user } from '../core/builders';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

/** An owner removes a verified key themselves: the approval is DEPROVISIONED (not by Tally), never "not provisioned". */
describe('an entitlement removed by its owner after verification', () => {
  let db: LocalDynamo;
  let store: ApprovalStore;
  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
    store = new ApprovalStore(db.doc, 'approvals');
  });
  afterAll(() => db.stop());

  const sweep = (at: string, inv: Inventory) =>
    runAccountSweep({
      runId: `run-${at}`,
      now: new Date(at),
      policy: parsePolicy({}),
      readInventory: async () => ({ inventory: { ...inv, readAt: at, keysReadAt: at }, warnings: [], calls: {}, totalCalls: 0 }),
      approvals: { kind: 'store', store },
      publish: { evidence: true },
    });

  it('records DEPROVISIONED, not by Tally, keeps when it last matched, and writes nothing more on the next sweep', async () => {
    const owner = user('svc-report', { accessKeys: [key(1, 20, 1)] });
    await store.put(approval(owner.arn, { kind: 'identity' }, { ticketId: 'CHG-7', approvedAt: '2026-10-01T00:00:00.000Z' }));
    await store.put(approval(owner.arn, { kind: 'access-key', maxKeys: 1 }, { ticketId: 'CHG-7', approvedAt: '2026-10-01T00:00:00.000Z' }));
    const t1 = '2026-11-20T00:00:00.000Z';
    const r1 = await sweep(t1, inventory({ users: [owner] }));
    expect(r1.result.outcomes.map((o) => o.outcome)).toEqual(['RECONCILED', 'RECONCILED']);

    const t2 = '2026-11-21T00:00:00.000Z';
    const r2 = await sweep(t2, inventory({ users: [{ ...owner, accessKeys: [] }] }));
    expect(r2.result.outcomes.map((o) => o.outcome).sort()).toEqual(['DEPROVISIONED', 'RECONCILED']);
    expect(r2.result.findings.filter((f) => f.type === 'APPROVED_NOT_PROVISIONED')).toEqual([]);
    const keyApproval = (await store.listAll()).approvals.find((a) => a.approval.entitlement.kind === 'access-key')!;
    expect(keyApproval.approval.verifiedAt).toBe(t1);
    expect(keyApproval.evidence).toMatchObject({ outcome: 'DEPROVISIONED', method: 'sweep', verifiedAt: t2, observed: { removedBy: 'not Tally: no action of Tally on record', lastVerifiedAt: t1 } });

    const r3 = await sweep('2026-11-22T00:00:00.000Z', inventory({ users: [{ ...owner, accessKeys: [] }] }));
    expect(r3.evidence).toMatchObject({ written: 0, unchanged: 2 });
  });
});
