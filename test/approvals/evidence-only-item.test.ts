import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_WRITE_ATTRIBUTES } from '../../lib/approvals/approval-table';
import { InvalidApprovalError } from '../../lib/approvals/store-errors';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { approval, freshStore, USER } from './store-fixtures';

// What a runtime role's attribute-limited UpdateItem grant can do at most: set the evidence
// attributes on any key, including one that holds no approval.
describe('an item written with the evidence attributes only', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('is never read as an approval when the key held none', async () => {
    const store = await freshStore(db);
    const key = `CHG-9|${USER}|managed-policy|arn:aws:iam::aws:policy/AdministratorAccess`;
    await db.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: { approvalKey: key },
        UpdateExpression: 'SET #version = :v, #verifiedAt = :at, #evidence = :e',
        ExpressionAttributeNames: { '#version': 'version', '#verifiedAt': 'verifiedAt', '#evidence': 'evidence' },
        ExpressionAttributeValues: {
          ':v': 1,
          ':at': '2026-11-20T08:00:00.000Z',
          ':e': { verifiedAt: '2026-11-20T08:00:00.000Z', method: 'sweep', findingId: 'f-1', observed: null, outcome: 'RECONCILED' },
        },
      }),
    );
    expect(EVIDENCE_WRITE_ATTRIBUTES).toEqual(['approvalKey', 'version', 'verifiedAt', 'evidence']);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidApprovalError);
    const all = await store.listAll();
    expect(all.approvals).toEqual([]);
    expect(all.invalid.map((i) => i.approvalKey)).toEqual([key]);
    // No principal attribute: the item is not in the byPrincipal index, so no event path sees it.
    expect(await store.byPrincipal(USER)).toMatchObject({ approvals: [], invalid: [] });
  });

  it('leaves an existing approval’s fields as they were', async () => {
    const store = await freshStore(db);
    const { approvalKey } = await store.put(approval());
    await store.writeEvidence(approvalKey, 1, { verifiedAt: '2026-11-20T08:00:00Z', method: 'sweep', findingId: 'f-1', observed: null, outcome: 'RECONCILED' });
    expect((await store.get(approvalKey))?.approval).toEqual({ ...approval(), verifiedAt: '2026-11-20T08:00:00.000Z' });
  });
});
