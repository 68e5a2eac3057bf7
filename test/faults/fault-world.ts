import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { DescribeSecretCommand, ListSecretsCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { Approval } from '../../lib/core/approval';
import type { AwsSecurityFinding } from '../../lib/sinks/asff-schema';
import type { Faults } from './sdk-faults';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const NOW = new Date('2026-11-20T06:00:00Z');
const iamArn = (path: string) => `arn:aws:iam::${ACCOUNT}:user${path}`;
const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
const ADMIN = { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
const READ_ONLY = { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };

interface UserSpec {
  name: string;
  path: string;
  policies: { PolicyName: string; PolicyArn: string }[];
  page: 1 | 2;
}
/** svc-etl: stale and unused key (approved); temp-admin: shadow admin with a never-used old key; bob: all approved. */
export const USERS: UserSpec[] = [
  { name: 'svc-etl', path: '/service/', policies: [], page: 1 },
  { name: 'temp-admin', path: '/', policies: [ADMIN], page: 1 },
  { name: 'bob', path: '/staff/', policies: [READ_ONLY], page: 2 },
];
export const userArn = (name: string) => iamArn(`${USERS.find((u) => u.name === name)?.path ?? '/'}${name}`);

export interface Key {
  userName: string;
  id: string;
  created: Date;
  lastUsed: Date | null;
  status: 'Active' | 'Inactive';
}
const initialKeys = (): Key[] => [
  { userName: 'svc-etl', id: 'AKIAFAULTSVCETL00001', created: new Date('2026-03-01T09:00:00Z'), lastUsed: new Date('2026-08-01T09:00:00Z'), status: 'Active' },
  { userName: 'temp-admin', id: 'AKIAFAULTTMPADMIN001', created: new Date('2026-01-05T12:00:00Z'), lastUsed: null, status: 'Active' },
  { userName: 'bob', id: 'AKIAFAULTBOB00000001', created: new Date('2026-11-01T08:00:00Z'), lastUsed: new Date('2026-11-19T17:00:00Z'), status: 'Active' },
];

export const SECRETS = {
  db: secretArn('app/db-password'),
  token: secretArn('legacy/api-token'),
  scratch: secretArn('tmp/scratch'),
};
const SECRET_PAGES = [
  [{ ARN: SECRETS.db, Name: 'app/db-password', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: new Date('2026-11-01T00:00:00Z'), LastAccessedDate: new Date('2026-11-19T00:00:00Z'), CreatedDate: new Date('2025-01-01T00:00:00Z') }],
  [
    { ARN: SECRETS.token, Name: 'legacy/api-token', RotationEnabled: false, LastAccessedDate: new Date('2026-11-18T00:00:00Z'), CreatedDate: new Date('2025-01-01T00:00:00Z') },
    { ARN: SECRETS.scratch, Name: 'tmp/scratch', RotationEnabled: false, LastRotatedDate: new Date('2026-11-10T00:00:00Z'), LastAccessedDate: new Date('2026-11-19T00:00:00Z'), CreatedDate: new Date('2026-11-10T00:00:00Z') },
  ],
];

const approval = (principal: string, entitlement: Approval['entitlement']): Approval => ({
  ticketId: 'CHG-7', principal, entitlement, approvedBy: 'alice@example.com', approvedAt: '2025-01-01T00:00:00.000Z', risk: 'standard', status: 'approved',
});
/** Every approval is provisioned: a fault-free sweep has no APPROVED_NOT_PROVISIONED. */
export const APPROVALS: Approval[] = [
  approval(userArn('svc-etl'), { kind: 'identity' }),
  approval(userArn('svc-etl'), { kind: 'access-key', maxKeys: 1 }),
  approval(userArn('bob'), { kind: 'identity' }),
  approval(userArn('bob'), { kind: 'managed-policy', policyArn: READ_ONLY.PolicyArn }),
  approval(userArn('bob'), { kind: 'access-key', maxKeys: 1 }),
  approval(SECRETS.db, { kind: 'secret' }),
  approval(SECRETS.token, { kind: 'secret' }),
];

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const csvDate = (d: Date | null) => (d ? d.toISOString().replace('.000Z', '+00:00') : 'N/A');

/**
 * A small account as AWS would serve it, stateful where a sweep writes (key status, what Security Hub
 * and EventBridge accepted). Every call goes through `faults` first.
 */
export class World {
  keys = initialKeys();
  /** `fresh`: a report younger than 4 h exists; `stale`: it must be generated and polled. */
  reportAt: Date;
  /** The report's content is fixed when IAM generates it, as in AWS (keys deactivated later still show Active). */
  private reportContent: string;
  private generating = false;
  /** Every finding Security Hub took, in order (ARCHIVED copies included). */
  readonly shReceived: AwsSecurityFinding[] = [];
  readonly ebReceived: PutEventsRequestEntry[] = [];
  /** Every UpdateAccessKey that reached IAM, with the key's status before it. */
  readonly updates: { id: string; before: string }[] = [];
  /** Per-finding rejection by Security Hub (FailedFindings), per-entry rejection by EventBridge. */
  shReject: (doc: AwsSecurityFinding) => string | undefined = () => undefined;
  ebReject: (entry: PutEventsRequestEntry) => string | undefined = () => undefined;

  /** The three users, plus `extraUsers` unapproved ones on page 2 (one finding each: enough for several batches). */
  readonly users: UserSpec[];
  /** BatchImportFindings calls still to answer with counts that do not add up (all accepted, FailedCount 1). */
  shMiscount = 0;

  constructor(
    readonly faults: Faults,
    report: 'fresh' | 'stale' = 'stale',
    extraUsers = 0,
  ) {
    this.users = [...USERS, ...Array.from({ length: extraUsers }, (_, i): UserSpec => ({ name: `shadow-${String(i).padStart(3, '0')}`, path: '/', policies: [], page: 2 }))];
    this.reportAt = report === 'fresh' ? new Date(NOW.getTime() - 3_600_000) : new Date(NOW.getTime() - 10 * 3_600_000);
    this.reportContent = this.reportCsv();
  }

  /** Four hours pass for the report (not for anything else): the next sweep must generate one. */
  expireReport(): void {
    this.reportAt = new Date(NOW.getTime() - 10 * 3_600_000);
    this.generating = false;
  }

  key(id: string): Key {
    return this.keys.find((k) => k.id === id)!;
  }

  private gaadUser(u: UserSpec) {
    return { Path: u.path, UserName: u.name, UserId: `AIDAFAULT${u.name.toUpperCase().replace(/-/g, '')}`.padEnd(20, '0').slice(0, 20), Arn: userArn(u.name), CreateDate: new Date('2025-01-01T00:00:00Z'), UserPolicyList: [], GroupList: [], AttachedManagedPolicies: u.policies, Tags: [] };
  }

  gaad(marker: string | undefined) {
    const page = marker === 'p2' ? 2 : 1;
    const users = this.users.filter((u) => u.page === page).map((u) => this.gaadUser(u));
    return { UserDetailList: users, GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: page === 1, ...(page === 1 ? { Marker: 'p2' } : {}) };
  }

  private reportCsv(): string {
    const rows = this.users.map((u) => {
      const k = this.keys.find((x) => x.userName === u.name);
      const key1 = k ? `${k.status === 'Active'},${csvDate(k.created)},${csvDate(k.lastUsed)},${k.lastUsed ? 'us-east-1,s3' : 'N/A,N/A'}` : 'false,N/A,N/A,N/A,N/A';
      return `${u.name},${userArn(u.name)},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${key1},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    });
    return `${HEADER}\n${rows.join('\n')}\n`;
  }

  /** Wires the account into aws-sdk-client-mock (call once per file; `mocks.reset()` unwires). */
  static mocks() {
    return { iam: mockClient(IAMClient), sm: mockClient(SecretsManagerClient), sh: mockClient(SecurityHubClient), eb: mockClient(EventBridgeClient), sts: mockClient(STSClient) };
  }

  wire(m: ReturnType<typeof World.mocks>): void {
    const f = this.faults;
    for (const mock of Object.values(m)) mock.reset();
    m.sts.on(GetCallerIdentityCommand).callsFake(() => f.run('sts:GetCallerIdentity', 'sts', () => ({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/tally/sweep`, UserId: 'AROA:sweep' })));
    m.iam.on(GetAccountAuthorizationDetailsCommand).callsFake((i) => f.run(`iam:GetAccountAuthorizationDetails:${i.Marker ? 2 : 1}`, 'iam', () => this.gaad(i.Marker)));
    m.iam.on(GetCredentialReportCommand).callsFake(() =>
      f.run('iam:GetCredentialReport', 'iam', () => ({ Content: new TextEncoder().encode(this.reportContent), ReportFormat: 'text/csv' as const, GeneratedTime: this.reportAt })),
    );
    m.iam.on(GenerateCredentialReportCommand).callsFake(() =>
      f.run('iam:GenerateCredentialReport', 'iam', () => {
        if (NOW.getTime() - this.reportAt.getTime() < 4 * 3_600_000) return { State: 'COMPLETE' as const };
        if (!this.generating) {
          this.generating = true;
          return { State: 'STARTED' as const };
        }
        this.reportAt = new Date(NOW.getTime() - 60_000);
        this.reportContent = this.reportCsv();
        return { State: 'COMPLETE' as const };
      }),
    );
    m.iam.on(ListAccessKeysCommand).callsFake((i) =>
      f.run('iam:ListAccessKeys', 'iam', () => ({
        AccessKeyMetadata: this.keys.filter((k) => k.userName === i.UserName).map((k) => ({ UserName: k.userName, AccessKeyId: k.id, Status: k.status, CreateDate: k.created })),
        IsTruncated: false,
      })),
    );
    m.iam.on(GetAccessKeyLastUsedCommand).callsFake((i) =>
      f.run('iam:GetAccessKeyLastUsed', 'iam', () => {
        const k = this.key(i.AccessKeyId!);
        return { UserName: k.userName, AccessKeyLastUsed: k.lastUsed ? { LastUsedDate: k.lastUsed, ServiceName: 's3', Region: 'us-east-1' } : { ServiceName: 'N/A', Region: 'N/A' } };
      }),
    );
    m.iam.on(UpdateAccessKeyCommand).callsFake((i) =>
      f.run('iam:UpdateAccessKey', 'iam', () => {
        const k = this.key(i.AccessKeyId!);
        this.updates.push({ id: k.id, before: k.status });
        k.status = i.Status as Key['status'];
        return {};
      }),
    );
    // The event path's targeted reads of one user.
    m.iam.on(GetUserCommand).callsFake((i) =>
      f.run('iam:GetUser', 'iam', () => {
        const u = this.users.find((x) => x.name === i.UserName);
        if (!u) throw new NoSuchEntityException({ message: `The user with name ${i.UserName} cannot be found.`, $metadata: {} });
        return { User: { Path: u.path, UserName: u.name, UserId: this.gaadUser(u).UserId, Arn: userArn(u.name), CreateDate: new Date('2025-01-01T00:00:00Z'), Tags: [] } };
      }),
    );
    m.iam.on(ListAttachedUserPoliciesCommand).callsFake((i) =>
      f.run('iam:ListAttachedUserPolicies', 'iam', () => ({ AttachedPolicies: this.users.find((u) => u.name === i.UserName)?.policies ?? [], IsTruncated: false })),
    );
    m.iam.on(ListUserPoliciesCommand).callsFake(() => f.run('iam:ListUserPolicies', 'iam', () => ({ PolicyNames: [], IsTruncated: false })));
    m.iam.on(ListGroupsForUserCommand).callsFake(() => f.run('iam:ListGroupsForUser', 'iam', () => ({ Groups: [], IsTruncated: false })));

    m.sm.on(ListSecretsCommand).callsFake((i) =>
      f.run(`sm:ListSecrets:${i.NextToken ? 2 : 1}`, 'sm', () => (i.NextToken ? { SecretList: SECRET_PAGES[1] } : { SecretList: SECRET_PAGES[0], NextToken: 's2' })),
    );
    m.sm.on(ListSecretVersionIdsCommand).callsFake((i) =>
      f.run('sm:ListSecretVersionIds', 'sm', () => ({ ARN: i.SecretId, Versions: [{ VersionId: 'v-1', VersionStages: ['AWSCURRENT'], CreatedDate: new Date('2025-06-01T00:00:00Z') }] })),
    );
    m.sm.on(DescribeSecretCommand).callsFake((i) =>
      f.run('sm:DescribeSecret', 'sm', () => SECRET_PAGES.flat().find((s) => s.ARN === i.SecretId || s.Name === i.SecretId)),
    );

    m.sh.on(BatchImportFindingsCommand).callsFake((i) =>
      f.run('sh:BatchImportFindings', 'sh', () => {
        const docs = (i.Findings ?? []) as AwsSecurityFinding[];
        const failed = docs.flatMap((d) => {
          const code = this.shReject(d);
          return code ? [{ Id: d.Id, ErrorCode: code, ErrorMessage: `rejected: ${code}` }] : [];
        });
        this.shReceived.push(...docs.filter((d) => !failed.some((x) => x.Id === d.Id)));
        if (this.shMiscount > 0 && failed.length === 0) {
          this.shMiscount -= 1;
          return { SuccessCount: docs.length - 1, FailedCount: 1, FailedFindings: [] };
        }
        return { SuccessCount: docs.length - failed.length, FailedCount: failed.length, FailedFindings: failed };
      }),
    );
    m.eb.on(PutEventsCommand).callsFake((i) =>
      f.run('eb:PutEvents', 'eb', () => {
        const entries = ((i.Entries ?? []) as PutEventsRequestEntry[]).map((e, n): { ErrorCode?: string; ErrorMessage?: string; EventId?: string } => {
          const code = this.ebReject(e);
          if (!code) this.ebReceived.push(e);
          return code ? { ErrorCode: code, ErrorMessage: `rejected: ${code}` } : { EventId: `ev-${this.ebReceived.length}-${n}` };
        });
        return { FailedEntryCount: entries.filter((e) => e.ErrorCode !== undefined).length, Entries: entries };
      }),
    );
  }
}
