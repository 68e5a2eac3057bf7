import type { Context } from 'aws-lambda';
import { createTableInput } from '../lib/aws/table-spec';
import type { Approval, ApprovedEntitlement } from '../lib/core/approval';
import { IDEMPOTENCY_TABLE } from '../lib/constructs/idempotency-table';
import { mockAccount } from './account-mocks';
import { benchTables, TABLES } from './bench-tables';
import { storeOpenFindings } from './open-findings';
import { ACCOUNT, BENCH_NOW, syntheticInventory } from './synthetic-account';

/**
 * The event path, counted where the calls arrive (the mocks and dynalite): the deployed CloudTrail
 * handler (lambdas/cloudtrail-event.ts: Powertools idempotency, Security Hub, EventBridge, evidence)
 * serving a PutUserPolicy event for a user with one access key, one group and one inline policy,
 * every entitlement (the group's policies too) approved. A fresh process, so the handler's environment is its own.
 * `event-bench.ts N` first stores N open findings about other principals in the ledger (a large account's).
 * Prints one JSON line: the calls of each delivery by `service:Operation`.
 */
const inventory = syntheticInventory({ users: 3, roles: 1, groups: 2, secrets: 1 });
const user = inventory.users[0]!;
Object.assign(user, {
  groups: ['g0'],
  attachedPolicies: [],
  inlinePolicies: [{ policyName: 'queue', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q0` }] } }],
  accessKeys: [{ slot: 1, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', active: true, createdAt: '2026-10-01T09:00:00.000Z', lastUsedAt: '2026-11-19T09:00:00.000Z', lastUsedService: 's3', lastUsedRegion: 'eu-west-1' }],
});
const approve = (entitlement: ApprovedEntitlement): Approval => ({
  ticketId: 'CHG-U0', principal: user.arn, entitlement, approvedBy: 'alice@example.com', approvedAt: '2026-09-01T00:00:00.000Z', risk: 'standard', status: 'approved',
});
const group = inventory.groups[0]!;
const approvals = [
  approve({ kind: 'identity' }), approve({ kind: 'inline-policy', policyName: 'queue' }), approve({ kind: 'group-membership', group: group.name }), approve({ kind: 'access-key', maxKeys: 1 }),
  ...group.attachedPolicies.map((p): Approval => ({ ...approve({ kind: 'managed-policy', policyArn: p.policyArn }), ticketId: 'CHG-G0', principal: group.arn })),
  ...group.inlinePolicies.map((p): Approval => ({ ...approve({ kind: 'inline-policy', policyName: p.policyName }), ticketId: 'CHG-G0', principal: group.arn })),
];

const db = await benchTables(approvals);
await db.createTable(createTableInput('idempotency', IDEMPOTENCY_TABLE));
await storeOpenFindings(db, TABLES.ledger, ACCOUNT, Number(process.argv[2] ?? 0), BENCH_NOW);
Object.assign(process.env, {
  AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: db.endpoint, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench',
  TALLY_APPROVALS_TABLE: TABLES.approvals, TALLY_LEDGER_TABLE: TABLES.ledger, TALLY_AUDIT_TABLE: TABLES.audit, TALLY_IDEMPOTENCY_TABLE: 'idempotency', TALLY_EVENT_BUS: 'tally',
  POWERTOOLS_METRICS_NAMESPACE: 'Tally', POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false',
});
const account = mockAccount(inventory, new Date(BENCH_NOW));
const { handler } = (await import('../lambdas/cloudtrail-event')) as unknown as { handler: (e: unknown, c: Context) => Promise<unknown> };

const context = {
  callbackWaitsForEmptyEventLoop: false, functionName: 'tally-cloudtrail', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tally-cloudtrail`, awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/tally-cloudtrail', logStreamName: '2026/11/20/[$LATEST]abcdef', getRemainingTimeInMillis: () => 60_000,
  done: () => undefined, fail: () => undefined, succeed: () => undefined,
} as Context;

/** An "AWS API Call via CloudTrail" event for PutUserPolicy, as EventBridge delivers it. */
function putUserPolicy(eventID: string) {
  const eventTime = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    version: '0', id: `eb-${eventID}`, 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.iam', account: ACCOUNT, time: eventTime, region: 'us-east-1', resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/admin/alice`, accountId: ACCOUNT },
      eventTime, eventSource: 'iam.amazonaws.com', eventName: 'PutUserPolicy', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.10', userAgent: 'aws-cli/2.17.0',
      requestParameters: { userName: user.name, policyName: 'queue', policyDocument: JSON.stringify(user.inlinePolicies[0]!.document) },
      responseElements: null, requestID: `req-${eventID}`, eventID, readOnly: false, eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management',
    },
  };
}

async function deliver(eventID: string) {
  account.resetHistory();
  const mark = db.received.length;
  const result = await handler(putUserPolicy(eventID), context);
  const byAction = account.received(db.received.slice(mark));
  return { result, total: Object.values(byAction).reduce((a, b) => a + b, 0), byAction };
}

try {
  const first = await deliver('e0c1a2b3-0001-4000-8000-000000000001');
  const warm = await deliver('e0c1a2b3-0002-4000-8000-000000000002');
  const redelivered = await deliver('e0c1a2b3-0002-4000-8000-000000000002');
  console.log(JSON.stringify({ first, warm, redelivered }));
} finally {
  account.restore();
  await db.stop();
}
