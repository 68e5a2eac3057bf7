import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  UpdateAccessKeyCommand,
  type StatusType,
} from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import type { Approval } from '../../lib/core/approval';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import type { LocalDynamo } from '../support/dynalite';

/**
 * One IAM user with one stale, unused access key, approved (identity + access key), in an account
 * whose IAM, Security Hub, EventBridge and STS are mocked and whose tables live on dynalite. IAM is
 * stateful: ListAccessKeys shows what UpdateAccessKey did, so a later confirmation reads the truth.
 */

export const ACCOUNT = '123456789012';
export const USER_NAME = 'svc-etl';
export const USER = `arn:aws:iam::${ACCOUNT}:user/service/${USER_NAME}`;
export const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const KEY_CREATED = new Date('2026-03-01T09:00:00Z');
const KEY_USED = new Date('2026-08-01T09:00:00Z');
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const iso = (d: Date) => d.toISOString().replace('.000Z', '+00:00');
const ROW = `${USER_NAME},${USER},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,${iso(KEY_CREATED)},${iso(KEY_USED)},eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

export const mocks = {
  iam: mockClient(IAMClient),
  sm: mockClient(SecretsManagerClient),
  sh: mockClient(SecurityHubClient),
  eb: mockClient(EventBridgeClient),
  sts: mockClient(STSClient),
};

export const clients = {
  iam: new IAMClient({ region: 'us-east-1' }),
  secrets: new SecretsManagerClient({ region: 'us-east-1' }),
  sts: new STSClient({ region: 'us-east-1' }),
  securityHub: new SecurityHubClient({ region: 'us-east-1' }),
  events: new EventBridgeClient({ region: 'us-east-1' }),
};

/** Lets other work run between a request and its answer, as a network would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resets every mock and makes IAM hold the one key as `Active`; returns the live key state. */
export function resetAws(): { status: () => StatusType; updates: () => { AccessKeyId?: string; Status?: string }[] } {
  for (const m of Object.values(mocks)) m.reset();
  let status: StatusType = 'Active';
  const { iam, sm, sh, eb, sts } = mocks;
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/tally/sweep`, UserId: 'AROA:sweep' });
  sm.on(ListSecretsCommand).resolves({ SecretList: [] });
  sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
  eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) }));
  iam.on(GetAccountAuthorizationDetailsCommand).resolves({
    UserDetailList: [{ Path: '/service/', UserName: USER_NAME, UserId: 'AIDAEXAMPLE000000001', Arn: USER, CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [] }],
    GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
  });
  iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n${ROW}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-19T23:00:00Z') });
  iam.on(GetUserCommand).resolves({ User: { Path: '/service/', UserName: USER_NAME, UserId: 'AIDAEXAMPLE000000001', Arn: USER, CreateDate: new Date('2025-01-01T00:00:00Z'), Tags: [] } });
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
  iam.on(ListAccessKeysCommand).callsFake(async () => {
    await tick();
    return { AccessKeyMetadata: [{ UserName: USER_NAME, AccessKeyId: KEY_ID, Status: status, CreateDate: KEY_CREATED }], IsTruncated: false };
  });
  iam.on(GetAccessKeyLastUsedCommand).callsFake(async () => {
    await tick();
    return { UserName: USER_NAME, AccessKeyLastUsed: { LastUsedDate: KEY_USED, ServiceName: 's3', Region: 'eu-west-1' } };
  });
  iam.on(UpdateAccessKeyCommand).callsFake(async (input: { Status: StatusType }) => {
    await tick();
    status = input.Status;
    return {};
  });
  return {
    status: () => status,
    updates: () => iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input),
  };
}

const grant = (entitlement: Approval['entitlement']): Approval => ({
  ticketId: 'CHG-1', principal: USER, entitlement, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved',
});
export const APPROVALS: Approval[] = [grant({ kind: 'identity' }), grant({ kind: 'access-key', maxKeys: 1 })];

let worlds = 0;

/** Fresh approvals, ledger and audit tables (the approvals imported), so each race starts clean. */
export async function freshTables(db: LocalDynamo): Promise<{ store: ApprovalStore; approvals: string; ledger: string; audit: string }> {
  const n = ++worlds;
  const names = { approvals: `approvals-${n}`, ledger: `ledger-${n}`, audit: `audit-${n}` };
  await Promise.all([
    db.createTable(createTableInput(names.approvals, APPROVAL_TABLE)),
    db.createTable(createTableInput(names.ledger, LEDGER_TABLE)),
    db.createTable(createTableInput(names.audit, AUDIT_TABLE)),
  ]);
  const store = new ApprovalStore(db.doc, names.approvals);
  const imported = await store.importMany(APPROVALS);
  if (imported.created !== APPROVALS.length) throw new Error(`import failed: ${JSON.stringify(imported.failed.map((f) => f.error.message))}`);
  return { store, ...names };
}
