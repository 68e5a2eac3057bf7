import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetAccessKeyLastUsedCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoAccountMemory } from '../../lib/actions/account-memory';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { main } from '../../lib/cli/program';
import type { Approval } from '../../lib/core/approval';
import { DETAIL_SCHEMAS, DETAIL_TYPES } from '../../lib/sinks/event-schemas';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const NOW = '2026-11-20T00:00:00Z';
const ACCOUNT = '123456789012';
const USER = `arn:aws:iam::${ACCOUNT}:user/service/svc-etl`;
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROW = `svc-etl,${USER},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-10-01T09:00:00+00:00,2026-11-18T09:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

function terminal() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date(NOW) } };
}

describe('tally approvals draft --table (live)', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  const eb = mockClient(EventBridgeClient);
  let db: LocalDynamo;
  let table = 0;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    db = await startDynalite();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });

  /** A fresh, empty approvals table per test. */
  async function freshTable(): Promise<string> {
    const name = `approvals-${++table}`;
    await db.createTable(createTableInput(name, APPROVAL_TABLE));
    return name;
  }

  async function draft(...argv: string[]) {
    const { out, io } = terminal();
    const code = await main(['approvals', 'draft', '--now', NOW, ...argv], io, { region: 'us-east-1', endpoint: db.endpoint, noColor: true });
    return { code, ...out };
  }

  async function items(name: string): Promise<Record<string, unknown>[]> {
    return (await db.doc.send(new ScanCommand({ TableName: name }))).Items ?? [];
  }

  beforeEach(() => {
    iam.reset();
    sm.reset();
    eb.reset();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [
        {
          Path: '/service/', UserName: 'svc-etl', UserId: 'AIDAEXAMPLE000000001', Arn: USER, CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [], GroupList: [],
          AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
          Tags: [{ Key: 'Owner', Value: 'data-platform@example.com' }],
        },
      ],
      GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
    });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n${ROW}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-19T23:00:00Z') });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'svc-etl', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', CreateDate: new Date('2026-10-01T09:00:00Z') }], IsTruncated: false });
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'svc-etl', AccessKeyLastUsed: { LastUsedDate: new Date('2026-11-18T09:00:00Z'), ServiceName: 's3', Region: 'eu-west-1' } });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `event-${i}` })) }));
  });

  it('writes each draft to the table as status draft and publishes one Approval Requested event per new draft', async () => {
    const name = await freshTable();
    const r = await draft('--table', name, '--event-bus', 'tally');
    expect(r.code, r.stderr).toBe(0);
    const drafts = JSON.parse(r.stdout) as Approval[];
    expect(drafts.map((d) => d.entitlement.kind).sort()).toEqual(['access-key', 'identity', 'managed-policy']);
    expect(drafts.every((d) => d.owner === 'data-platform@example.com' && d.risk === 'privileged')).toBe(true);

    const stored = (await new ApprovalStore(db.doc, name).listAll()).approvals;
    expect(stored.map((s) => s.approval).sort((a, b) => a.ticketId.localeCompare(b.ticketId))).toEqual(drafts);
    expect(stored.every((s) => s.version === 1 && s.approval.status === 'draft')).toBe(true);

    const entries = eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries).toHaveLength(3);
    for (const e of entries) {
      expect(e).toMatchObject({ Source: 'tally', DetailType: DETAIL_TYPES.approvalRequested, EventBusName: 'tally', Resources: [USER] });
      const detail = JSON.parse(e.Detail!) as { accountId: string; findingId: string; draft: Approval };
      expect(DETAIL_SCHEMAS[DETAIL_TYPES.approvalRequested].safeParse(detail).success).toBe(true);
      expect(detail.accountId).toBe(ACCOUNT);
      expect(detail.findingId).toBe(detail.draft.draftOf);
    }
    expect(r.stderr).toContain(`approvals table ${name}: 3 created, 0 already there (left as they are), 0 failed`);
    expect(r.stderr).toContain('EventBridge tally: 3 sent, 0 failed');
  });

  it('writes and publishes nothing again when the drafts are already in the table', async () => {
    const name = await freshTable();
    await draft('--table', name, '--event-bus', 'tally');
    eb.resetHistory();
    const before = await items(name);
    const r = await draft('--table', name, '--event-bus', 'tally');
    expect(r.code, r.stderr).toBe(0);
    expect(await items(name)).toEqual(before);
    expect(eb.commandCalls(PutEventsCommand)).toEqual([]);
    expect(r.stderr).toContain('0 created, 3 already there');
  });

  it('drafts only what is still unapproved when someone approved one of the drafts in the table', async () => {
    const name = await freshTable();
    const first = JSON.parse((await draft('--table', name)).stdout) as Approval[];
    const store = new ApprovalStore(db.doc, name);
    const key = first.find((d) => d.entitlement.kind === 'managed-policy')!;
    await store.put({ ...key, status: 'approved', approvedBy: 'security-lead@example.com' });
    const r = await draft('--table', name);
    const again = JSON.parse(r.stdout) as Approval[];
    // An approval naming the user covers its identity too: only the key is left to draft.
    expect(again.map((d) => d.entitlement.kind)).toEqual(['access-key']);
    const approved = (await store.listAll()).approvals.filter((s) => s.approval.status === 'approved');
    expect(approved.map((s) => s.approval.ticketId)).toEqual([key.ticketId]);
  });

  it('drafts nothing for a principal and exits 3 when an unreadable approval in the table names it', async () => {
    const name = await freshTable();
    await db.doc.send(new PutCommand({ TableName: name, Item: { approvalKey: `CHG-9|${USER}|identity|`, version: 1, principal: USER, ticketId: 'CHG-9' } }));
    const r = await draft('--table', name, '--event-bus', 'tally');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/invalid approval CHG-9\|/);
    expect(r.stderr).toContain('3 held back (an unreadable approval names the principal)');
    expect(await items(name)).toHaveLength(1);
    expect(eb.commandCalls(PutEventsCommand)).toEqual([]);
  });

  it('writes nothing and publishes nothing when run with --dry-run', async () => {
    const name = await freshTable();
    const r = await draft('--table', name, '--event-bus', 'tally', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
    expect(await items(name)).toEqual([]);
    expect(eb.commandCalls(PutEventsCommand)).toEqual([]);
    expect(r.stderr).toContain('would create 3, 0 already there, 0 failed (dry run: nothing written, nothing published)');
  });

  it('exits 3 naming the event when EventBridge refuses it', async () => {
    const name = await freshTable();
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: input.Entries.length,
      Entries: input.Entries.map(() => ({ ErrorCode: 'AccessDeniedException', ErrorMessage: 'not authorized' })),
    }));
    const r = await draft('--table', name, '--event-bus', 'tally');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/EventBridge tally: 0 sent, 3 failed/);
    expect(r.stderr).toMatch(/not sent Tally Approval Requested .*AccessDeniedException/);
    expect(await items(name)).toHaveLength(3);
  });

  it('suggests the creator the event path remembered as the owner when the principal has no owner tag and --audit-table is given', async () => {
    const name = await freshTable();
    await db.createTable(createTableInput(`audit-${name}`, AUDIT_TABLE));
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [
        {
          Path: '/service/', UserName: 'svc-etl', UserId: 'AIDAEXAMPLE000000001', Arn: USER, CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [], GroupList: [],
          AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], Tags: [],
        },
      ],
      GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
    });
    const creator = `alice@example.com via arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
    await new DynamoAccountMemory(db.doc, `audit-${name}`).rememberCreator({ accountId: ACCOUNT, principalArn: USER, creator, how: 'create', eventName: 'CreateUser', eventId: 'ev-1', at: '2026-11-01T00:00:00Z' });
    const mark = db.received.length;
    const r = await draft('--table', name, '--audit-table', `audit-${name}`, '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Approval[]).map((d) => d.owner)).toEqual([creator, creator, creator]);
    // The account memory is read once, by one Query.
    expect(db.received.slice(mark).filter((op) => op === 'Query')).toHaveLength(1);

    const without = await draft('--table', name, '--dry-run');
    expect((JSON.parse(without.stdout) as Approval[]).every((d) => d.owner === undefined)).toBe(true);
  });
});
