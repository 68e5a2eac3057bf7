import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { approvalRejectedDetailSchema } from '../../lib/sinks/event-schemas';
import { approval } from '../approvals/store-fixtures';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const event = (id: string, detailType: string, detail: unknown) => ({
  version: '0', id, 'detail-type': detailType, source: 'tally.intake', account: '123456789012',
  time: '2026-11-20T09:15:00Z', region: 'us-east-1', resources: [], detail,
});

describe('lambdas/approval-intake', () => {
  const mocks = awsMocks();
  let db: LocalDynamo;
  let store: ApprovalStore;
  let handler: (e: unknown, c: ReturnType<typeof lambdaContext>) => Promise<{ status: string }>;
  const invoke = (e: unknown) => handler(e, lambdaContext('tally-approval-intake'));

  beforeAll(async () => {
    db = await lambdaEnvironment();
    store = new ApprovalStore(db.doc, 'approvals');
    ({ handler } = (await import('../../lambdas/approval-intake')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => acceptingSinks(mocks));

  it('writes the approval when a granted event is valid', async () => {
    const granted = approval({ ticketId: 'CHG-7001', owner: 'bob@example.com' });
    expect(await invoke(event('ev-1', 'Tally Approval Granted', { approval: granted, version: 1 }))).toEqual({ status: 'applied' });
    expect((await store.get('CHG-7001|arn:aws:iam::123456789012:user/service/svc-billing-export|managed-policy|arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'))?.approval).toEqual(granted);
    expect(mocks.eb.commandCalls(PutEventsCommand)).toEqual([]);
  });

  it('announces Tally Approval Rejected naming the field and writes nothing when the record is invalid', async () => {
    const bad = { ...approval({ ticketId: 'CHG-7002' }), approvedAt: 'next week' };
    expect(await invoke(event('ev-2', 'Tally Approval Granted', { approval: bad, version: 1, requestId: 'jira-55' }))).toEqual({ status: 'rejected' });
    const [call] = mocks.eb.commandCalls(PutEventsCommand);
    const entry = call!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ Source: 'tally', DetailType: 'Tally Approval Rejected', EventBusName: 'tally' });
    const detail = approvalRejectedDetailSchema.parse(JSON.parse(entry.Detail!));
    expect(detail).toMatchObject({ eventId: 'ev-2', via: 'bus', field: "approval.approvedAt", ticketId: 'CHG-7002', requestId: 'jira-55', detailType: 'Tally Approval Granted' });
    expect((await store.listAll()).approvals.filter((a) => a.approval.ticketId === 'CHG-7002')).toEqual([]);
  });

  it('answers a replayed event without a second write', async () => {
    const detail = { approval: approval({ ticketId: 'CHG-7003' }), version: 4 };
    expect(await invoke(event('ev-3', 'Tally Approval Granted', detail))).toEqual({ status: 'applied' });
    const puts = db.received.filter((op) => op === 'PutItem').length;
    expect(await invoke(event('ev-3', 'Tally Approval Granted', detail))).toEqual({ status: 'replayed' });
    expect(db.received.filter((op) => op === 'PutItem').length).toBe(puts);
  });

  it('throws for the dead-letter queue when the event has no detail object', async () => {
    await expect(invoke(event('ev-4', 'Tally Approval Granted', 'not json'))).rejects.toThrow(/detail is not a JSON object/);
    await expect(invoke({ ...event('ev-5', 'Tally Approval Granted', {}), detail: undefined })).rejects.toThrow(/cannot be read/);
    await expect(invoke(event('ev-6', 'Tally Finding', {}))).rejects.toThrow(/not an intake detail-type/);
  });
});
