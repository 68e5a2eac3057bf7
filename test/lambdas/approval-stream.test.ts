import {
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../lib/approvals/approval-item';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import type { Approval } from '../../lib/core/approval';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const ACCOUNT = '123456789012';
const BOB = `arn:aws:iam::${ACCOUNT}:user/staff/bob`;
const approval: Approval = {
  ticketId: 'ACC-9', principal: BOB, entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  approvedBy: 'alice@example.com', approvedAt: '2026-11-01T00:00:00.000Z', risk: 'standard', status: 'approved',
};

function record(seq: string, eventName: 'INSERT' | 'MODIFY', next: Record<string, unknown>, old?: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: `e-${seq}`, eventName, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1',
    dynamodb: {
      Keys: marshall({ approvalKey: String(next.approvalKey) }) as never,
      NewImage: marshall(next, { removeUndefinedValues: true }) as never,
      ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) as never } : {}),
      SequenceNumber: seq, SizeBytes: 200, StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/approvals/stream/2026-11-01T00:00:00.000`,
  };
}

describe('lambdas/approval-stream', () => {
  const mocks = awsMocks();
  const { iam } = mocks;
  let db: LocalDynamo;
  let store: ApprovalStore;
  let handler: (e: DynamoDBStreamEvent, c: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

  beforeAll(async () => {
    db = await lambdaEnvironment();
    store = new ApprovalStore(db.doc, 'approvals');
    ({ handler } = (await import('../../lambdas/approval-stream')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, ACCOUNT);
    iam.on(GetUserCommand).resolves({ User: { Path: '/staff/', UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000001', Arn: BOB, CreateDate: new Date('2026-01-01T00:00:00Z') } });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
  });

  it('verifies a new approval, writes the evidence back, and reports a corrupt record as the only failure', async () => {
    const stored = await store.put(approval);
    const corrupt = { ...toItem(approval, 1), approvalKey: 'CHG-X|bad', approvedAt: 'last week' };
    const response = await handler({ Records: [record('100', 'INSERT', toItem(approval, stored.version)), record('101', 'INSERT', corrupt)] }, lambdaContext('tally-approval-stream'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '101' }]);
    const after = await store.get(stored.approvalKey);
    expect(after?.evidence).toMatchObject({ outcome: 'RECONCILED', method: 'approval-stream:created' });
  });

  it('skips the modification made by its own evidence write-back', async () => {
    const item = toItem(approval, 2);
    const response = await handler(
      { Records: [record('200', 'MODIFY', { ...item, version: 3, verifiedAt: '2026-11-20T00:00:00.000Z' }, item)] },
      lambdaContext('tally-approval-stream'),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(iam.commandCalls(GetUserCommand)).toEqual([]);
  });
});
