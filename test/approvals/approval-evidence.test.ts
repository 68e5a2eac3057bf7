import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import type { ApprovalEvidence } from '../../lib/approvals/evidence';
import { ApprovalStoreError, InvalidApprovalError, StaleApprovalError } from '../../lib/approvals/store-errors';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { approval, freshStore, USER } from './store-fixtures';

const evidence = (overrides: Partial<ApprovalEvidence> = {}): ApprovalEvidence => ({
  verifiedAt: '2026-11-20T08:00:00Z',
  method: 'sweep',
  findingId: 'tally-7f3a',
  observed: { principal: USER, kind: 'managed-policy', target: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', readAt: new Date('2026-11-20T07:59:00Z'), gone: undefined },
  outcome: 'RECONCILED',
  ...overrides,
});

describe('ApprovalStore.writeEvidence against dynalite', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('sets verifiedAt and evidence and bumps the version when the expected version holds', async () => {
    const store = await freshStore(db);
    const { approvalKey } = await store.put(approval());
    const written = await store.writeEvidence(approvalKey, 1, evidence());
    expect(written.version).toBe(2);
    const stored = await store.get(approvalKey);
    expect(stored?.approval.verifiedAt).toBe('2026-11-20T08:00:00.000Z');
    expect(stored).toMatchObject(written);
    expect(written.evidence).toEqual({
      verifiedAt: '2026-11-20T08:00:00.000Z',
      method: 'sweep',
      findingId: 'tally-7f3a',
      observed: { principal: USER, kind: 'managed-policy', target: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', readAt: '2026-11-20T07:59:00.000Z' },
      outcome: 'RECONCILED',
    });
  });

  it('throws StaleApprovalError with the current version when a newer approval exists', async () => {
    const store = await freshStore(db);
    const { approvalKey } = await store.put(approval());
    await store.put(approval({ status: 'revoked' }));
    const err = await store.writeEvidence(approvalKey, 1, evidence()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleApprovalError);
    expect(err).toMatchObject({ approvalKey, expectedVersion: 1, currentVersion: 2, table: store.tableName });
    expect((err as Error).message).toContain('expected version 1, the table holds version 2');
    const current = await store.get(approvalKey);
    expect(current?.evidence).toBeUndefined();
    expect(current?.approval.status).toBe('revoked');
  });

  it('throws StaleApprovalError without a current version when the approval does not exist', async () => {
    const store = await freshStore(db);
    const err = await store.writeEvidence('CHG-1|nobody|identity|', 1, evidence()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StaleApprovalError);
    expect((err as StaleApprovalError).currentVersion).toBeUndefined();
    expect((await store.listAll()).approvals).toEqual([]);
  });

  it('lets exactly one of concurrent evidence writes win when they expect the same version', async () => {
    const store = await freshStore(db);
    const { approvalKey } = await store.put(approval());
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((id) => store.writeEvidence(approvalKey, 1, evidence({ findingId: `f-${id}` }))),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<ApprovalStore['writeEvidence']>>> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'StaleApprovalError', currentVersion: 2 });
    expect((await store.get(approvalKey))?.evidence?.findingId).toBe(won[0]?.value.evidence?.findingId);
  });

  it('refuses evidence and names the field when the outcome is unknown', async () => {
    const store = await freshStore(db);
    const { approvalKey } = await store.put(approval());
    const err = await store.writeEvidence(approvalKey, 1, evidence({ outcome: 'FINE' as ApprovalEvidence['outcome'] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidApprovalError);
    expect(err).toMatchObject({ field: 'evidence.outcome' });
    expect((await store.get(approvalKey))?.version).toBe(1);
  });

  it('keeps evidence when the same ticket content is imported again', async () => {
    const store = await freshStore(db);
    const { approvalKey } = await store.put(approval());
    await store.writeEvidence(approvalKey, 1, evidence());
    expect(await store.importMany([approval()])).toMatchObject({ unchanged: 1 });
    expect(await store.get(approvalKey)).toMatchObject({ version: 2, evidence: { findingId: 'tally-7f3a' } });
  });
});

describe('ApprovalStore against mocked SDK responses', () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const ddb = mockClient(doc);
  const store = new ApprovalStore(doc, 'approvals');
  afterAll(() => ddb.restore());

  it('reads the version the table holds when the condition refuses the write', async () => {
    ddb.reset();
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { approvalKey: 'k', version: 7 } });
    await expect(store.writeEvidence('k', 5, evidence())).rejects.toMatchObject({ name: 'StaleApprovalError', expectedVersion: 5, currentVersion: 7 });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { approvalKey: 'k' }, ConsistentRead: true });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: '#version = :expected',
      ReturnValues: 'NONE',
      ExpressionAttributeValues: { ':expected': 5, ':next': 6 },
    });
  });

  it('maps throttling to a retryable ApprovalStoreError with the table, operation and cause', async () => {
    ddb.reset();
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
    ddb.on(QueryCommand).rejects(throttled);
    const err = await store.byPrincipal(USER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApprovalStoreError);
    expect(err).toMatchObject({ table: 'approvals', operation: 'Query', retryable: true, cause: throttled });
    expect((err as Error).message).toBe('approvals table approvals: Query: ProvisionedThroughputExceededException: Rate exceeded');
  });
});
