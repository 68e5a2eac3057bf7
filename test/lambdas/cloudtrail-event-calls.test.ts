import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoAccountMemory } from '../../lib/actions/account-memory';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import { IDEMPOTENCY_TABLE } from '../../lib/constructs/idempotency-table';
import type { ApprovedEntitlement } from '../../lib/core/approval';
import type { Json } from '../events/cloudtrail-fixtures';
import { acceptingSinks, awsMocks, receivedCalls } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const ACCOUNT = '123456789012';
const USER = `arn:aws:iam::${ACCOUNT}:user/service/u0`;
const QUEUE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q0` }] };
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** An "AWS API Call via CloudTrail" PutUserPolicy event for u0, as EventBridge delivers it. */
function putUserPolicy(eventID: string, policyName: string, document: object): Json {
  const eventTime = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    version: '0', id: `eb-${eventID}`, 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: ACCOUNT, time: eventTime, region: 'us-east-1', resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/alice`, accountId: ACCOUNT },
      eventTime, eventSource: 'iam.amazonaws.com', eventName: 'PutUserPolicy', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.10', userAgent: 'aws-cli/2.17.0',
      requestParameters: { userName: 'u0', policyName, policyDocument: JSON.stringify(document) },
      responseElements: null, requestID: `req-${eventID}`, eventID, readOnly: false, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management',
    },
  };
}

describe('lambdas/cloudtrail-event: AWS calls of one event', () => {
  const mocks = awsMocks();
  const { iam, sh } = mocks;
  let db: LocalDynamo;
  let handler: (e: Json, c: ReturnType<typeof lambdaContext>) => Promise<Json>;
  const inline = new Map<string, object>([['queue', QUEUE]]);

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_IDEMPOTENCY_TABLE: 'idempotency' });
    await db.createTable(createTableInput('idempotency', IDEMPOTENCY_TABLE));
    const store = new ApprovalStore(db.doc, 'approvals');
    const approve = (entitlement: ApprovedEntitlement) =>
      store.put({ ticketId: 'CHG-U0', principal: USER, entitlement, approvedBy: 'alice@example.com', approvedAt: '2026-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' });
    for (const e of [{ kind: 'identity' }, { kind: 'inline-policy', policyName: 'queue' }, { kind: 'group-membership', group: 'g0' }, { kind: 'access-key', maxKeys: 1 }] as const) await approve(e);
    ({ handler } = (await import('../../lambdas/cloudtrail-event')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, ACCOUNT);
    // u0: one access key, one group (g0, ReadOnlyAccess attached), the inline policies in `inline`: every AWS-documented field Tally reads.
    iam.on(GetUserCommand).resolves({ User: { Path: '/service/', UserName: 'u0', UserId: 'AIDAEXAMPLEU0000001', Arn: USER, CreateDate: new Date('2026-01-01T00:00:00Z'), Tags: [] } });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).callsFake(() => ({ PolicyNames: [...inline.keys()], IsTruncated: false }));
    iam.on(GetUserPolicyCommand).callsFake((input: { PolicyName: string }) => ({ UserName: 'u0', PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(inline.get(input.PolicyName))) }));
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [{ Path: '/', GroupName: 'g0', GroupId: 'AGPAEXAMPLEG0000001', Arn: `arn:aws:iam::${ACCOUNT}:group/g0`, CreateDate: new Date('2026-01-01T00:00:00Z') }], IsTruncated: false });
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }], IsTruncated: false });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'u0', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: new Date('2026-10-01T09:00:00Z') }], IsTruncated: false });
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'u0', AccessKeyLastUsed: { LastUsedDate: new Date(Date.now() - 86_400_000), ServiceName: 's3', Region: 'us-east-1' } });
  });

  /** Serves one event and counts every call that reached AWS (the mocks) or DynamoDB (dynalite), by `service:Operation`. */
  async function deliver(event: Json): Promise<{ result: Json; calls: Record<string, number>; total: number }> {
    const mark = db.received.length;
    const result = await handler(event, lambdaContext('tally-cloudtrail'));
    const calls = receivedCalls(mocks, db.received.slice(mark));
    return { result, calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
  }

  it('makes at most 8 AWS calls in a warm container when PutUserPolicy puts the approved inline policy again', async () => {
    const first = await deliver(putUserPolicy('calls-0001', 'queue', QUEUE)); // the container's first event
    // No STS: the account is the function ARN's.
    expect(first.calls['sts:GetCallerIdentity']).toBeUndefined();
    for (const m of Object.values(mocks)) m.resetHistory();
    const { result, calls, total } = await deliver(putUserPolicy('calls-0002', 'queue', QUEUE));
    expect(result).toMatchObject({ principal: USER, findings: { RECONCILED: 2 } });
    expect(calls).toEqual({ 'iam:GetUser': 1, 'iam:GetUserPolicy': 1, 'dynamodb:Query': 2, 'dynamodb:PutItem': 1, 'dynamodb:UpdateItem': 1 });
    expect(total).toBeLessThanOrEqual(8);
  });

  it('opens the finding of an unapproved inline policy with the calls of the change only, reading no other part of the user', async () => {
    inline.set('admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const { result, calls } = await deliver(putUserPolicy('calls-0003', 'admin', inline.get('admin')!));
    expect(result).toMatchObject({ principal: USER, findings: { UNAPPROVED_ENTITLEMENT: 1 } });
    const imported = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
    expect(imported.map((f) => [f.ProductFields?.['tally/type'], f.Severity?.Label])).toEqual([['UNAPPROVED_ENTITLEMENT', 'CRITICAL']]);
    expect(Object.keys(calls).filter((op) => op.startsWith('iam:')).sort()).toEqual(['iam:GetUser', 'iam:GetUserPolicy']);
  });

  it('remembers the caller as the principal\'s creator in the account memory when a grant event is served', async () => {
    const item = (await db.doc.send(new GetCommand({ TableName: 'audit', Key: { runId: `mem#${ACCOUNT}`, sk: `by#${USER}` }, ConsistentRead: true }))).Item;
    expect(item).toMatchObject({ creator: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/alice`, how: 'grant', eventName: 'PutUserPolicy', eventId: 'calls-0001' });
    expect(await new DynamoAccountMemory(db.doc, 'audit').creators(ACCOUNT, new Date().toISOString())).toEqual(new Map([[USER, `arn:aws:sts::${ACCOUNT}:assumed-role/admin/alice`]]));
  });
});
