import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeStore } from '../../lib/intake/intake-store';
import { approval, freshStore } from '../approvals/store-fixtures';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { command } from './intake-commands';

describe('tally approvals import after intake', () => {
  let db: LocalDynamo;
  beforeAll(async () => void (db = await startDynalite()));
  afterAll(async () => db.stop());

  it('keeps the intake version when a file re-imports an approval intake applied with other content', async () => {
    const approvals = await freshStore(db);
    const intake = new IntakeStore(db.doc, approvals.tableName);
    const applied = await intake.apply(command('amended', 4, { expiresAt: '2027-06-01T00:00:00.000Z' }));
    const summary = await approvals.importMany([{ ...approval(), expiresAt: '2027-09-01T00:00:00.000Z' }]);
    expect(summary).toMatchObject({ updated: 1, failed: [] });
    const item = (await db.doc.send(new GetCommand({ TableName: approvals.tableName, Key: { approvalKey: applied.approvalKey }, ConsistentRead: true }))).Item;
    expect(item).toMatchObject({ intakeVersion: 4, version: 2, expiresAt: '2027-09-01T00:00:00.000Z' });
    // An older intake event replayed later is still refused.
    expect(await intake.apply(command('granted', 3))).toMatchObject({ status: 'stale', currentIntakeVersion: 4 });
    expect((await approvals.get(applied.approvalKey))?.approval.expiresAt).toBe('2027-09-01T00:00:00.000Z');
  });
});
