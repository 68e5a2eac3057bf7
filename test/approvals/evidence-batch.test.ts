import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore, type EvidenceWrite } from '../../lib/approvals/approval-store';
import { EVIDENCE_WRITE_ATTRIBUTES } from '../../lib/approvals/approval-table';
import type { ApprovalEvidence } from '../../lib/approvals/evidence';
import { InvalidApprovalError, StaleApprovalError } from '../../lib/approvals/store-errors';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { approvalsOf, freshStore, USER } from './store-fixtures';

const evidence = (findingId: string): ApprovalEvidence => ({ verifiedAt: '2026-11-20T08:00:00Z', method: 'sweep', findingId, observed: null, outcome: 'RECONCILED' });

describe('ApprovalStore.writeEvidenceMany against dynalite', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  async function seeded(n: number): Promise<{ store: ApprovalStore; writes: EvidenceWrite[] }> {
    const store = await freshStore(db);
    const imported = await store.importMany(approvalsOf(USER, n));
    expect(imported.created).toBe(n);
    const { approvals } = await store.listAll();
    return { store, writes: approvals.map((a, i) => ({ approvalKey: a.approvalKey, expectedVersion: a.version, evidence: evidence(`f-${i}`) })) };
  }

  it('writes 250 evidence updates in 3 calls (TransactWriteItems of up to 100) when every version holds', async () => {
    const { store, writes } = await seeded(250);
    db.received.length = 0;
    const results = await store.writeEvidenceMany(writes);
    expect(db.received).toEqual(['TransactWriteItems', 'TransactWriteItems', 'TransactWriteItems']);
    expect(results.every((r) => 'written' in r && r.written.version === 2)).toBe(true);
    const { approvals } = await store.listAll();
    expect(approvals.every((a) => a.version === 2 && a.evidence?.outcome === 'RECONCILED')).toBe(true);
  });

  it('reports the one stale approval of a batch of 100 stale, with the version the table holds, and writes the other 99', async () => {
    const { store, writes } = await seeded(100);
    const target = writes[37]!;
    // A concurrent writer got in first: the table holds version 2 of this approval.
    await store.writeEvidence(target.approvalKey, 1, evidence('earlier'));
    db.received.length = 0;
    const results = await store.writeEvidenceMany(writes);
    const stale = results[37]!;
    expect('error' in stale && stale.error).toBeInstanceOf(StaleApprovalError);
    expect(stale).toMatchObject({ error: { approvalKey: target.approvalKey, expectedVersion: 1, currentVersion: 2 } });
    expect(results.filter((r) => 'written' in r)).toHaveLength(99);
    // The cancelled transaction, the 99 again, and the read of the stale approval's version.
    expect(db.received).toEqual(['TransactWriteItems', 'TransactWriteItems', 'GetItem']);
    const { approvals } = await store.listAll();
    expect(approvals.find((a) => a.approvalKey === target.approvalKey)?.evidence?.findingId).toBe('earlier');
    expect(approvals.filter((a) => a.version === 2 && a.evidence?.findingId !== 'earlier')).toHaveLength(99);
  });

  it('writes one approval alone with UpdateItem, not a transaction', async () => {
    const { store, writes } = await seeded(1);
    db.received.length = 0;
    const [result] = await store.writeEvidenceMany(writes);
    expect(result).toMatchObject({ written: { version: 2 } });
    expect(db.received).toEqual(['UpdateItem']);
  });

  it('lists invalid evidence as InvalidApprovalError without sending it, and writes the rest', async () => {
    const { store, writes } = await seeded(3);
    const bad = { ...writes[1]!, evidence: { ...evidence('x'), outcome: 'FINE' as ApprovalEvidence['outcome'] } };
    const results = await store.writeEvidenceMany([writes[0]!, bad, writes[2]!]);
    expect('error' in results[1]! && results[1].error).toBeInstanceOf(InvalidApprovalError);
    expect(results.filter((r) => 'written' in r)).toHaveLength(2);
  });
});

describe('ApprovalStore.writeEvidenceMany against mocked SDK responses', () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const ddb = mockClient(doc);
  const store = new ApprovalStore(doc, 'approvals');
  afterAll(() => ddb.restore());
  const writes: EvidenceWrite[] = ['a', 'b', 'c'].map((k) => ({ approvalKey: `CHG-1|${USER}|identity|${k}`, expectedVersion: 3, evidence: evidence(k) }));

  it('names only the evidence attributes and asks nothing back in a transactional update, as the runtime grant requires', async () => {
    ddb.reset();
    ddb.on(TransactWriteCommand).resolves({});
    await store.writeEvidenceMany(writes);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    for (const { Update, ...others } of items) {
      expect(others).toEqual({});
      const named = [...Object.keys(Update!.Key ?? {}), ...Object.values(Update!.ExpressionAttributeNames ?? {})];
      expect(named.filter((n) => !EVIDENCE_WRITE_ATTRIBUTES.includes(n as never))).toEqual([]);
      expect(`${Update!.UpdateExpression} ${Update!.ConditionExpression}`.replace(/[#:][A-Za-z]+/g, '').match(/[A-Za-z]+/g)).toEqual(['SET']);
      // ALL_OLD would return attributes outside the grant: the store reads the version instead.
      expect(Update!.ReturnValuesOnConditionCheckFailure).toBeUndefined();
    }
  });

  it('reads the version back for the item DynamoDB names ConditionalCheckFailed and reports the others written', async () => {
    ddb.reset();
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }];
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionCanceledException({ message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]', $metadata: {}, CancellationReasons: reasons }))
      .resolves({});
    ddb.on(GetCommand).resolves({ Item: { approvalKey: writes[1]!.approvalKey, version: 5 } });
    const results = await store.writeEvidenceMany(writes);
    expect(results[1]).toMatchObject({ error: { name: 'StaleApprovalError', expectedVersion: 3, currentVersion: 5 } });
    expect(results.filter((r) => 'written' in r)).toHaveLength(2);
    expect(ddb.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems?.map((a) => a.Update!.Key?.['approvalKey'])).toEqual([writes[0]!.approvalKey, writes[2]!.approvalKey]);
    expect(ddb.commandCalls(UpdateCommand)).toEqual([]);
  });

  it('lists every write of a transaction that failed as a whole with an error naming its approval and the transaction', async () => {
    ddb.reset();
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
    const results = await store.writeEvidenceMany(writes);
    for (const [i, r] of results.entries()) {
      expect(r).toMatchObject({ error: { name: 'ApprovalStoreError', approvalKey: writes[i]!.approvalKey, operation: 'UpdateItem (in TransactWriteItems)', retryable: true } });
    }
  });
});
