import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { InvalidApprovalError } from '../../lib/approvals/store-errors';
import { CallCounter, countCalls } from '../../lib/aws/call-counter';
import { approvalKey } from '../../lib/core/approval';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { approval, approvalsOf, freshStore, ROLE, USER } from './store-fixtures';

describe('ApprovalStore reads', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  async function counted(store: ApprovalStore): Promise<{ store: ApprovalStore; counter: CallCounter }> {
    const counter = new CallCounter();
    return { store: new ApprovalStore(countCalls(db.doc, counter), store.tableName), counter };
  }

  it('returns every approval of a principal across pages when they exceed 1 MB', async () => {
    const base = await freshStore(db);
    const big = approvalsOf(USER, 120, { exemptReason: 'x'.repeat(10_000) });
    await base.importMany([...big, ...approvalsOf(ROLE, 5, { entitlement: { kind: 'identity' } })]);
    const { store, counter } = await counted(base);
    const { approvals, invalid } = await store.byPrincipal(USER);
    expect(invalid).toEqual([]);
    expect(approvals.map((a) => a.approvalKey).sort()).toEqual(big.map(approvalKey).sort());
    expect(counter.byOperation().Query).toBeGreaterThan(1);
  });

  it('follows LastEvaluatedKey through small pages when a page size is set', async () => {
    const base = await freshStore(db);
    await base.importMany([...approvalsOf(USER, 23), ...approvalsOf(ROLE, 4, { entitlement: { kind: 'identity' } })]);
    const { store, counter } = await counted(base);
    expect((await store.byPrincipal(ROLE, { pageSize: 3 })).approvals).toHaveLength(4);
    expect((await store.listAll({ pageSize: 5 })).approvals).toHaveLength(27);
    expect(counter.byOperation()).toMatchObject({ Query: 2, Scan: 6 });
  });

  it('returns an empty list when no approval names the principal', async () => {
    const store = await freshStore(db);
    expect(await store.byPrincipal(ROLE)).toEqual({ approvals: [], invalid: [] });
  });

  it('lists a corrupt item in invalid, naming its key and field, and returns the others', async () => {
    const store = await freshStore(db);
    await store.importMany(approvalsOf(USER, 5));
    const corruptKey = 'CHG-7|arn:aws:iam::123456789012:user/x|managed-policy|arn:aws:iam::aws:policy/P';
    await db.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...approval({ ticketId: 'CHG-7' }), approvalKey: corruptKey, principal: 'arn:aws:iam::123456789012:user/x', version: 1, risk: 'extreme' },
      }),
    );
    const { approvals, invalid } = await store.listAll({ pageSize: 2 });
    expect(approvals).toHaveLength(5);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.approvalKey).toBe(corruptKey);
    expect(invalid[0]?.error).toMatchObject({ field: 'risk', approvalKey: corruptKey, operation: 'Scan' });
    expect(invalid[0]?.error.message).toContain(`Scan ${corruptKey}: invalid approval: risk: expected one of standard | privileged (got "extreme")`);
  });

  it('names the evidence field when stored evidence is corrupt', async () => {
    const store = await freshStore(db);
    const a = approval();
    await db.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...a, approvalKey: approvalKey(a), version: 2, evidence: { verifiedAt: '2026-11-20T00:00:00Z', method: 'sweep', findingId: 'f', observed: null, outcome: 'FINE' } },
      }),
    );
    const err = await store.get(approvalKey(a)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidApprovalError);
    expect(err).toMatchObject({ field: 'evidence.outcome', operation: 'GetItem' });
  });

  it('flags an item whose key does not match its content', async () => {
    const store = await freshStore(db);
    await db.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...approval(), approvalKey: 'CHG-1|someone-else|identity|', version: 1 } }));
    const { invalid } = await store.listAll();
    expect(invalid[0]?.error).toMatchObject({ field: 'approvalKey' });
    expect(invalid[0]?.error.message).toContain(`which has key ${approvalKey(approval())}`);
  });

  it('names the version when an item has none', async () => {
    const store = await freshStore(db);
    const a = approval();
    await db.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...a, approvalKey: approvalKey(a) } }));
    expect((await store.listAll()).invalid[0]?.error).toMatchObject({ field: 'version' });
  });
});
