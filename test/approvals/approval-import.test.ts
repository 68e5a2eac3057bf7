import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { InvalidApprovalError } from '../../lib/approvals/store-errors';
import { approvalKey } from '../../lib/core/approval';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { approval, approvalsOf, freshStore, ROLE, USER } from './store-fixtures';

describe('ApprovalStore.importMany', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('creates every record when the table is empty and finds all unchanged when the same records are imported again', async () => {
    const store = await freshStore(db);
    const records = approvalsOf(USER, 25);
    expect(await store.importMany(records)).toEqual({ created: 25, updated: 0, unchanged: 0, failed: [], dryRun: false });
    expect(await store.importMany(records)).toEqual({ created: 0, updated: 0, unchanged: 25, failed: [], dryRun: false });
    const { approvals } = await store.listAll();
    expect(approvals.every((a) => a.version === 1)).toBe(true);
  });

  it('updates changed records with a version bump and creates new ones when a later file differs', async () => {
    const store = await freshStore(db);
    const [a, b] = approvalsOf(USER, 2) as [ReturnType<typeof approval>, ReturnType<typeof approval>];
    await store.importMany([a, b]);
    const summary = await store.importMany([a, { ...b, status: 'revoked' }, approval({ ticketId: 'CHG-2000' })]);
    expect(summary).toMatchObject({ created: 1, updated: 1, unchanged: 1, failed: [] });
    expect(await store.get(approvalKey(b))).toMatchObject({ version: 2, approval: { status: 'revoked' } });
  });

  it('writes nothing when it is a dry run', async () => {
    const store = await freshStore(db);
    const first = await store.importMany(approvalsOf(USER, 3), { dryRun: true });
    expect(first).toEqual({ created: 3, updated: 0, unchanged: 0, failed: [], dryRun: true });
    expect((await store.listAll()).approvals).toEqual([]);

    await store.importMany(approvalsOf(USER, 3));
    const changed = await store.importMany(approvalsOf(USER, 3, { risk: 'privileged' }), { dryRun: true });
    expect(changed).toMatchObject({ created: 0, updated: 3, unchanged: 0 });
    const { approvals } = await store.listAll();
    expect(approvals.map((a) => [a.version, a.approval.risk])).toEqual(Array(3).fill([1, 'standard']));
  });

  it('lists an invalid record in failed with its field and imports the others', async () => {
    const store = await freshStore(db);
    const bad = approval({ ticketId: 'CHG-9', approvedAt: 'soon' });
    const summary = await store.importMany([approval(), bad]);
    expect(summary).toMatchObject({ created: 1, unchanged: 0 });
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.approvalKey).toBe(approvalKey(bad));
    expect(summary.failed[0]?.error).toBeInstanceOf(InvalidApprovalError);
    expect(summary.failed[0]?.error.message).toMatch(/approvedAt: not a date \("soon"\)/);
  });

  it('fails the later record when two records of one import share a key but differ, and counts an identical repeat as unchanged', async () => {
    const store = await freshStore(db);
    const summary = await store.importMany([approval(), approval(), approval({ approvedBy: 'mallory@example.com' })]);
    expect(summary).toMatchObject({ created: 1, unchanged: 1 });
    expect(summary.failed.map((f) => f.error.message)).toEqual([expect.stringMatching(/conflicts with record #1 of this import/)]);
    expect((await store.get(approvalKey(approval())))?.approval.approvedBy).toBe('alice@example.com');
  });

  it('repairs a corrupt item when the record is imported again', async () => {
    const store = await freshStore(db);
    const a = approval();
    await db.doc.send(new PutCommand({ TableName: store.tableName, Item: { approvalKey: approvalKey(a), principal: a.principal, version: 4, approvedAt: 'garbage' } }));
    expect(await store.importMany([a])).toMatchObject({ updated: 1, failed: [] });
    expect(await store.get(approvalKey(a))).toMatchObject({ version: 5, approval: a });
  });

  it('reports every record as failed with the cause when the table does not exist', async () => {
    const store = new ApprovalStore(db.doc, 'no-such-table');
    const summary = await store.importMany(approvalsOf(ROLE, 3, { entitlement: { kind: 'identity' } }));
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(summary.failed).toHaveLength(3);
    expect(summary.failed[0]?.error).toMatchObject({ table: 'no-such-table', operation: 'GetItem', retryable: false });
    expect(summary.failed[0]?.error.message).toMatch(/table not found/);
    expect((summary.failed[0]?.error.cause as Error).name).toBe('ResourceNotFoundException');
  });

  it('keeps at most `concurrency` requests in flight when importing many records', async () => {
    const store = await freshStore(db);
    let inFlight = 0;
    let peak = 0;
    const counting = new Proxy(db.doc, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return async (command: Parameters<typeof target.send>[0]) => {
          peak = Math.max(peak, ++inFlight);
          try {
            return await target.send(command);
          } finally {
            inFlight--;
          }
        };
      },
    });
    const limited = new ApprovalStore(counting, store.tableName, { concurrency: 4 });
    expect(await limited.importMany(approvalsOf(USER, 40))).toMatchObject({ created: 40, failed: [] });
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
  });
});
