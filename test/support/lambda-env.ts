import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { startDynalite, type LocalDynamo } from './dynalite';

/**
 * The environment a handler gets from the AccessReconciler construct, with DynamoDB on dynalite
 * (through AWS_ENDPOINT_URL, as any AWS-compatible endpoint) and every table created.
 */
export async function lambdaEnvironment(extra: Record<string, string> = {}): Promise<LocalDynamo> {
  const db = await startDynalite();
  await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
  await db.createTable(createTableInput('ledger', LEDGER_TABLE));
  await db.createTable(createTableInput('audit', AUDIT_TABLE));
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: db.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TALLY_APPROVALS_TABLE: 'approvals',
    TALLY_LEDGER_TABLE: 'ledger',
    TALLY_AUDIT_TABLE: 'audit',
    TALLY_EVENT_BUS: 'tally',
    POWERTOOLS_METRICS_NAMESPACE: 'Tally',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return db;
}

export function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: '2026/11/20/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
