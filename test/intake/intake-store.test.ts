import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalStore } from '../../lib/approvals/approval-store';
import { IntakeStore } from '../../lib/intake/intake-store';
import { approvalChange } from '../../lib/lambda-support/approval-change';
import { approval, freshStore } from '../approvals/store-fixtures';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { command } from './intake-commands';

describe('IntakeStore', () => {
  let db: LocalDynamo;
  beforeAll(async () => void (db = await startDynalite()));
  afterAll(async () => db.stop());

  async function fresh(): Promise<{ approvals: ApprovalStore; intake: IntakeStore; item: (key: string) => Promise<Record<string, unknown> | undefined> }> {
    const approvals = await freshStore(db);
    const intake = new IntakeStore(db.doc, approvals.tableName);
    const item = async (key: string) => (await db.doc.send(new GetCommand({ TableName: approvals.tableName, Key: { approvalKey: key }, ConsistentRead: true }))).Item;
    return { approvals, intake, item };
  }
  const puts = () => db.received.filter((op) => op === 'PutItem').length;

  it('creates the approval with its intake version when a granted change is new', async () => {
    const { approvals, intake, item } = await fresh();
    const outcome = await intake.apply(command('granted', 3, { ticketUrl: 'https://jira.example.com/browse/CHG-1042', owner: 'bob@example.com' }));
    expect(outcome).toMatchObject({ status: 'applied', intakeVersion: 3, version: 1, created: true });
    const stored = await approvals.get(outcome.approvalKey);
    expect(stored?.approval).toMatchObject({ ticketUrl: 'https://jira.example.com/browse/CHG-1042', owner: 'bob@example.com', status: 'approved' });
    expect((await item(outcome.approvalKey))?.intakeVersion).toBe(3);
  });

  it('writes once when the same version comes twice (a replay is a no-op success)', async () => {
    const { intake } = await fresh();
    const before = puts();
    expect((await intake.apply(command('granted', 5))).status).toBe('applied');
    expect(await intake.apply(command('granted', 5))).toMatchObject({ status: 'replayed', intakeVersion: 5 });
    expect(puts() - before).toBe(1);
  });

  it('keeps version 2 when version 1 arrives after it (out of order)', async () => {
    const { approvals, intake } = await fresh();
    const v2 = await intake.apply(command('amended', 2, { expiresAt: '2027-06-01T00:00:00.000Z' }));
    const before = puts();
    expect(await intake.apply(command('granted', 1))).toMatchObject({ status: 'stale', intakeVersion: 1, currentIntakeVersion: 2 });
    expect(puts()).toBe(before);
    expect((await approvals.get(v2.approvalKey))?.approval.expiresAt).toBe('2027-06-01T00:00:00.000Z');
  });

  it('keeps the evidence and moves only the intake version when an amendment carries the same content', async () => {
    const { approvals, intake, item } = await fresh();
    const first = await intake.apply(command('granted', 1));
    await approvals.writeEvidence(first.approvalKey, 1, { outcome: 'RECONCILED', findingId: 'tally/123456789012/reconciled/abc', verifiedAt: '2026-11-20T00:00:00.000Z', method: 'sweep', observed: { kind: 'managed-policy' } });
    expect(await intake.apply(command('amended', 2))).toMatchObject({ status: 'applied', version: 3 });
    const after = await item(first.approvalKey);
    expect(after).toMatchObject({ intakeVersion: 2, version: 3, evidence: { outcome: 'RECONCILED' } });
  });

  it('sets recertifiedAt and nothing else when an approval is recertified', async () => {
    const { approvals, intake } = await fresh();
    const first = await intake.apply(command('granted', 1));
    const outcome = await intake.apply(command('recertified', 2, { recertifiedAt: '2026-12-01', expiresAt: '2030-01-01T00:00:00.000Z' }));
    expect(outcome).toMatchObject({ status: 'applied', version: 2 });
    const stored = await approvals.get(first.approvalKey);
    expect(stored?.approval).toEqual({ ...approval(), recertifiedAt: '2026-12-01T00:00:00.000Z' });
  });

  it('rejects a recertification when the table holds no approval with its key', async () => {
    const { intake } = await fresh();
    expect(await intake.apply(command('recertified', 1, { recertifiedAt: '2026-12-01' }))).toMatchObject({ status: 'rejected', field: 'approval' });
  });

  it('produces a stream change the approval stream re-checks when an approval is revoked through intake', async () => {
    const { intake, item } = await fresh();
    const granted = await intake.apply(command('granted', 1));
    const oldImage = await item(granted.approvalKey);
    expect(await intake.apply(command('revoked', 2, { status: 'revoked' }))).toMatchObject({ status: 'applied' });
    const newImage = await item(granted.approvalKey);
    const record: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: { NewImage: marshall(newImage) as never, OldImage: marshall(oldImage) as never, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    };
    const change = approvalChange(record, 'approvals');
    expect(change?.why).toBe('changed');
    expect(change?.stored.approval.status).toBe('revoked');
  });
});
