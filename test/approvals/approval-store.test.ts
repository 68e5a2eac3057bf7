import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidApprovalError, StaleApprovalError } from '../../lib/approvals/store-errors';
import { approvalKey, type Approval } from '../../lib/core/approval';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { approval, freshStore, ROLE } from './store-fixtures';

describe('ApprovalStore put/get', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('reads back the stored approval at version 1 when it was put once', async () => {
    const store = await freshStore(db);
    const a = approval();
    const put = await store.put(a);
    expect(put).toEqual({ approvalKey: approvalKey(a), version: 1, approval: a });
    expect(await store.get(approvalKey(a))).toEqual(put);
  });

  it('stores the key, principal, ticketId and version as top-level attributes when it writes an item', async () => {
    const store = await freshStore(db);
    const a = approval();
    await store.put(a);
    const { Item } = await db.doc.send(new GetCommand({ TableName: store.tableName, Key: { approvalKey: approvalKey(a) } }));
    expect(Item).toMatchObject({ approvalKey: approvalKey(a), principal: a.principal, ticketId: 'CHG-1042', version: 1 });
  });

  it('normalises dates before writing when the approval carries a bare date', async () => {
    const store = await freshStore(db);
    const stored = await store.put(approval({ expiresAt: '2027-03-01' }));
    expect(stored.approval.expiresAt).toBe('2027-03-01T00:00:00.000Z');
  });

  it('returns undefined when no approval has the key', async () => {
    const store = await freshStore(db);
    expect(await store.get('CHG-0|nobody|identity|')).toBeUndefined();
  });

  it('increments the version when the ticket content changes', async () => {
    const store = await freshStore(db);
    await store.put(approval());
    const second = await store.put(approval({ expiresAt: '2027-06-01T00:00:00.000Z' }));
    const third = await store.put(approval({ status: 'revoked' }));
    expect([second.version, third.version]).toEqual([2, 3]);
    expect((await store.get(third.approvalKey))?.approval.status).toBe('revoked');
  });

  it('keeps the version when the same content is put again', async () => {
    const store = await freshStore(db);
    await store.put(approval());
    expect((await store.put(approval())).version).toBe(1);
  });

  it('throws StaleApprovalError when creating a record that already exists', async () => {
    const store = await freshStore(db);
    await store.put(approval());
    const err = await store.put(approval({ risk: 'privileged' }), { expectedVersion: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleApprovalError);
    expect(err).toMatchObject({ expectedVersion: 0, currentVersion: 1, approvalKey: approvalKey(approval()) });
  });

  it('lets exactly one of two concurrent creates win when both expect a new record', async () => {
    const store = await freshStore(db);
    const results = await Promise.allSettled([
      store.put(approval({ approvedBy: 'alice@example.com' }), { expectedVersion: 0 }),
      store.put(approval({ approvedBy: 'bob@example.com' }), { expectedVersion: 0 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(StaleApprovalError);
    expect((await store.get(approvalKey(approval())))?.version).toBe(1);
  });

  it('throws StaleApprovalError with the current version when expectedVersion is behind', async () => {
    const store = await freshStore(db);
    await store.put(approval());
    await store.put(approval({ status: 'revoked' }));
    await expect(store.put(approval({ risk: 'privileged' }), { expectedVersion: 1 })).rejects.toMatchObject({
      name: 'StaleApprovalError',
      expectedVersion: 1,
      currentVersion: 2,
    });
  });

  it('refuses the write and names the field when the approval is invalid', async () => {
    const store = await freshStore(db);
    const bad = approval({ entitlement: { kind: 'managed-policy', policyArn: 'AmazonS3ReadOnlyAccess' } });
    const err = await store.put(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidApprovalError);
    expect(err).toMatchObject({ field: 'entitlement.policyArn', table: store.tableName });
    expect((err as Error).message).toMatch(/entitlement\.policyArn: not a managed policy ARN/);
    expect((await store.listAll()).approvals).toEqual([]);
  });

  it('names expiresAt when the approval expires before it was approved', async () => {
    const store = await freshStore(db);
    await expect(store.put(approval({ expiresAt: '2026-01-01T00:00:00.000Z' }))).rejects.toMatchObject({ field: 'expiresAt' });
  });

  it('names the principal when the principal cannot hold the entitlement', async () => {
    const store = await freshStore(db);
    const bad: Approval = approval({ principal: ROLE, entitlement: { kind: 'access-key', maxKeys: 1 } });
    await expect(store.put(bad)).rejects.toMatchObject({ name: 'InvalidApprovalError', field: 'principal' });
  });

  it('drops evidence and verifiedAt when the ticket content changes after verification', async () => {
    const store = await freshStore(db);
    const created = await store.put(approval());
    await store.writeEvidence(created.approvalKey, 1, {
      verifiedAt: '2026-11-20T00:00:00Z',
      method: 'sweep',
      findingId: 'f-1',
      observed: { policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
      outcome: 'RECONCILED',
    });
    const updated = await store.put(approval({ expiresAt: '2027-09-01T00:00:00.000Z' }));
    expect(updated.version).toBe(3);
    const read = await store.get(created.approvalKey);
    expect(read?.evidence).toBeUndefined();
    expect(read?.approval.verifiedAt).toBeUndefined();
  });
});
