import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { DescribeSecretCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../lib/approvals/approval-item';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import { IDEMPOTENCY_TABLE } from '../../lib/constructs/idempotency-table';
import type { Approval } from '../../lib/core/approval';
import { iamEvent, inAccount, type Json } from '../events/cloudtrail-fixtures';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

/**
 * Bad records inside what a Lambda receives: a DynamoDB stream batch of the approvals table with
 * corrupt images, and a run of CloudTrail deliveries with malformed events among valid ones. A bad
 * record is reported (batch item failure) or skipped (logged), and every good one is still processed.
 */

const ACCOUNT = '123456789012';
const BOB = `arn:aws:iam::${ACCOUNT}:user/staff/bob`;
const notFound = () => new NoSuchEntityException({ message: 'not found', $metadata: {} });
const approval = (ticketId: string): Approval => ({
  ticketId, principal: BOB, entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  approvedBy: 'alice@example.com', approvedAt: '2026-11-01T00:00:00.000Z', risk: 'standard', status: 'approved',
});

function insert(seq: string, item: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: `e-${seq}`, eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1',
    dynamodb: {
      Keys: marshall({ approvalKey: String(item.approvalKey) }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as never,
      SequenceNumber: seq, SizeBytes: 200, StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/approvals/stream/2026-11-01T00:00:00.000`,
  };
}

/** Ways an approvals-table image can be corrupt (written by hand, by another tool, or an old schema). */
const corruption = fc.constantFrom<[string, unknown]>(
  ['approvedAt', 'last week'],
  ['version', 'one'],
  ['version', undefined],
  ['entitlement', { kind: 'root' }],
  ['principal', 'bob'],
  ['evidence', { outcome: 'MAYBE' }],
  ['ticketId', 7],
);

describe('Lambda batches with bad records', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const sh = mockClient(SecurityHubClient);
  const eb = mockClient(EventBridgeClient);
  const sts = mockClient(STSClient);
  let db: LocalDynamo;
  let store: ApprovalStore;
  let stream: (e: DynamoDBStreamEvent, c: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  let cloudtrail: (e: Json, c: ReturnType<typeof lambdaContext>) => Promise<Json>;

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_IDEMPOTENCY_TABLE: 'idempotency' });
    await db.createTable(createTableInput('idempotency', IDEMPOTENCY_TABLE));
    store = new ApprovalStore(db.doc, 'approvals');
    ({ handler: stream } = (await import('../../lambdas/approval-stream')) as unknown as { handler: typeof stream });
    ({ handler: cloudtrail } = (await import('../../lambdas/cloudtrail-event')) as unknown as { handler: typeof cloudtrail });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    for (const m of [iam, sm, sh, eb, sts]) m.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e${i}` })) }));
    iam.on(GetUserCommand).rejects(notFound()).on(GetRoleCommand).rejects(notFound()).on(GetGroupCommand).rejects(notFound());
    iam.on(GetUserCommand, { UserName: 'bob' }).resolves({ User: { Path: '/staff/', UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000001', Arn: BOB, CreateDate: new Date('2026-01-01T00:00:00Z') } });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
    sm.on(DescribeSecretCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
  });

  it('approval stream: reports exactly the corrupt records as batch item failures and verifies every other one', async () => {
    let batch = 0;
    const rows = fc.array(fc.option(corruption, { nil: undefined, freq: 2 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(rows, async (plan) => {
        batch += 1;
        const records = await Promise.all(
          plan.map(async (broken, i) => {
            const seq = `${batch}${String(i).padStart(3, '0')}`;
            const a = approval(`ACC-${seq}`);
            if (!broken) return { seq, good: (await store.put(a)).approvalKey, record: insert(seq, toItem(a, 1)) };
            const item: Record<string, unknown> = { ...toItem(a, 1), [broken[0]]: broken[1] };
            return { seq, good: undefined, record: insert(seq, item) };
          }),
        );
        const event = { Records: records.map((r) => r.record) };
        if (records.every((r) => !r.good)) {
          // Powertools fails the whole invocation when every record failed: the same retries, then the DLQ.
          await expect(stream(event, lambdaContext('tally-approval-stream'))).rejects.toThrow(/All records failed/);
          return;
        }
        const response = await stream(event, lambdaContext('tally-approval-stream'));
        expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(records.filter((r) => !r.good).map((r) => r.seq).sort());
        for (const r of records.filter((x) => x.good)) {
          expect((await store.get(r.good!))?.evidence).toMatchObject({ outcome: 'RECONCILED' });
        }
      }),
      { numRuns: 12 },
    );
  });

  it('CloudTrail: skips each malformed delivery as malformed and still processes every valid one around it', async () => {
    const valid = (id: string) => {
      const e = inAccount(iamEvent('AttachUserPolicy'), '123456789012');
      e.detail.eventID = id;
      e.detail.requestParameters.userName = 'bob';
      return e;
    };
    const withoutAccount = valid('no-account');
    delete withoutAccount.account;
    const deliveries: [string, Json][] = [
      ['valid', valid('batch-valid-1')],
      ['malformed', { ...valid('x'), detail: { ...valid('x').detail, eventID: 42 } }],
      ['malformed', withoutAccount],
      ['valid', valid('batch-valid-2')],
      ['malformed', { ...valid('y'), detail: { ...valid('y').detail, requestParameters: 'userName=bob' } }],
      ['malformed', { ...valid('z'), detail: { ...valid('z').detail, requestParameters: { userName: 42 } } }],
      ['valid', valid('batch-valid-3')],
    ];
    for (const [kind, event] of deliveries) {
      const result = await cloudtrail(event, lambdaContext('tally-cloudtrail'));
      if (kind === 'malformed') expect(result).toEqual({ skipped: 'malformed' });
      else expect(result).toMatchObject({ eventId: event.detail.eventID, principal: BOB });
    }
    expect(iam.commandCalls(GetUserCommand).map((c) => c.args[0].input.UserName)).toEqual(['bob', 'bob', 'bob']);
  });
});
