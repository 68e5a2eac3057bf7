import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  CredentialReportNotPresentException,
} from '@aws-sdk/client-iam';
import { ListSecretsCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../lib/core/policy';
import { reconcile } from '../../lib/core/reconcile';
import { InventoryReadError } from '../../lib/inventory/inventory-errors';
import { readLiveInventory } from '../../lib/inventory/live-inventory';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-20T00:00:00Z');
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

// SDK v3 shapes: Date objects, URL-encoded policy documents (botocore iam GetAccountAuthorizationDetails).
const page1 = {
  UserDetailList: [
    {
      Path: '/service/', UserName: 'svc-export', UserId: 'AIDAEXAMPLE000000001', Arn: `arn:aws:iam::${ACCOUNT}:user/service/svc-export`,
      CreateDate: new Date('2025-01-10T08:00:00Z'),
      UserPolicyList: [{ PolicyName: 'exports', PolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }) }],
      GroupList: [], AttachedManagedPolicies: [], Tags: [{ Key: 'team', Value: 'billing' }],
    },
  ],
  GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: true, Marker: 'page-2',
};
const page2 = {
  UserDetailList: [],
  GroupDetailList: [],
  RoleDetailList: [
    {
      Path: '/', RoleName: 'fn-exporter', RoleId: 'AROAEXAMPLE000000001', Arn: `arn:aws:iam::${ACCOUNT}:role/fn-exporter`,
      CreateDate: new Date('2025-02-01T00:00:00Z'), AssumeRolePolicyDocument: enc(trust), InstanceProfileList: [],
      RolePolicyList: [], AttachedManagedPolicies: [], Tags: [], RoleLastUsed: { LastUsedDate: new Date('2026-11-19T10:00:00Z'), Region: 'eu-west-1' },
    },
  ],
  Policies: [], IsTruncated: false,
};

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const reportCsv = [
  HEADER,
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  `svc-export,arn:aws:iam::${ACCOUNT}:user/service/svc-export,2025-01-10T08:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-06-01T00:00:00+00:00,2026-11-18T00:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
].join('\n');
const report = (generated: Date) => ({ Content: new TextEncoder().encode(reportCsv), ReportFormat: 'text/csv' as const, GeneratedTime: generated });

const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`;

describe('readLiveInventory', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  let sleeps: number[];
  let elapsed: number;
  /** A virtual wait clock: sleeping moves elapsed time, nothing else does. */
  const wait = { elapsedMs: () => elapsed, sleep: async (ms: number) => void (sleeps.push(ms), (elapsed += ms)) };
  const opts = () => ({ now: NOW, wait, minRotationDays: 30 });
  const clients = () => ({ iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'eu-west-1' }) });

  beforeEach(() => {
    iam.reset();
    sm.reset();
    sleeps = [];
    elapsed = 0;
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(page1).on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-2' }).resolves(page2);
    iam.on(GetCredentialReportCommand).resolves(report(new Date('2026-11-19T22:00:00Z')));
    sm.on(ListSecretsCommand)
      .resolvesOnce({ SecretList: [], NextToken: 'more' })
      .resolves({
        SecretList: [
          { ARN: secretArn('ext/partner'), Name: 'ext/partner', RotationEnabled: false, CreatedDate: new Date('2024-01-01T00:00:00Z'), LastAccessedDate: new Date('2026-11-19T00:00:00Z'), Tags: [] },
          { ARN: secretArn('prod/db'), Name: 'prod/db', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: new Date('2026-11-01T00:00:00Z'), CreatedDate: new Date('2024-01-01T00:00:00Z'), Tags: [] },
        ],
      });
    sm.on(ListSecretVersionIdsCommand, { SecretId: secretArn('ext/partner') }).resolves({
      ARN: secretArn('ext/partner'), Name: 'ext/partner',
      Versions: [{ VersionId: 'v2', VersionStages: ['AWSCURRENT'], CreatedDate: new Date('2026-11-10T00:00:00Z') }, { VersionId: 'v1', VersionStages: ['AWSPREVIOUS'], CreatedDate: new Date('2026-08-10T00:00:00Z') }],
    });
  });

  it('reads all pages, decodes documents, joins the report and counts every call', async () => {
    const live = await readLiveInventory(clients(), opts());
    const inv = live.inventory;
    expect(inv.users.map((u) => u.name)).toEqual(['svc-export']);
    expect(inv.users[0]!.inlinePolicies[0]!.document).toMatchObject({ Statement: [{ Action: 's3:PutObject' }] });
    expect(inv.users[0]!.accessKeys).toEqual([expect.objectContaining({ slot: 1, active: true, createdAt: '2026-06-01T00:00:00.000Z', lastUsedService: 's3' })]);
    expect(inv.roles[0]!.trustPolicy).toEqual(trust);
    expect(inv.roles[0]!.lastUsedAt).toBe('2026-11-19T10:00:00.000Z');
    expect(inv.secrets.find((s) => s.name === 'ext/partner')?.currentVersionCreatedAt).toBe('2026-11-10T00:00:00.000Z');
    expect(inv.coverage).toEqual({ iam: true, credentialReport: true, secrets: true });
    expect(inv.readAt).toBe('2026-11-19T22:00:00.000Z');
    expect(live.calls).toEqual({ 'iam:GetAccountAuthorizationDetails': 2, 'iam:GetCredentialReport': 1, 'secretsmanager:ListSecretVersionIds': 1, 'secretsmanager:ListSecrets': 2 });
    expect(live.totalCalls).toBe(6);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)[0]!.args[0].input).toMatchObject({ MaxItems: 1000, Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'] });
  });

  it('generates a new credential report when the last one is older than 4 hours, polling with backoff', async () => {
    iam.on(GetCredentialReportCommand).resolvesOnce(report(new Date('2026-11-19T12:00:00Z'))).resolves(report(new Date('2026-11-19T23:59:00Z')));
    iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
    const live = await readLiveInventory(clients(), opts());
    expect(sleeps).toEqual([1000, 2000]);
    expect(live.calls).toMatchObject({ 'iam:GenerateCredentialReport': 3, 'iam:GetCredentialReport': 2 });
    expect(live.inventory.readAt).toBe('2026-11-19T23:59:00.000Z');
  });

  it('leaves the credential report unread within the wait budget when it stays STARTED on a fixed sweep instant', async () => {
    iam.on(GetCredentialReportCommand).rejects(new CredentialReportNotPresentException({ message: 'Credential report not present', $metadata: {} }));
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });
    const live = await readLiveInventory(clients(), { ...opts(), reportMaxWaitMs: 30_000 });
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(6);
    expect(live.inventory.coverage).toEqual({ iam: true, credentialReport: false, secrets: true });
    expect(live.warnings.join('\n')).toMatch(/credential report not read.*still STARTED after waiting 23 s \(limit 30 s\)/);
  });

  it('ends the wait by the time slept when the wait clock does not advance', async () => {
    iam.on(GetCredentialReportCommand).rejects(new CredentialReportNotPresentException({ message: 'Credential report not present', $metadata: {} }));
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const stopped = { elapsedMs: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
    const live = await readLiveInventory(clients(), { ...opts(), wait: stopped });
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
    expect(iam.commandCalls(GenerateCredentialReportCommand).length).toBeLessThanOrEqual(20);
    expect(live.inventory.coverage.credentialReport).toBe(false);
  });

  it('generates a report when none is present', async () => {
    iam.on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotPresentException({ message: 'Credential report not present', $metadata: {} }))
      .resolves(report(new Date('2026-11-19T23:59:00Z')));
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    const live = await readLiveInventory(clients(), opts());
    expect(live.inventory.coverage.credentialReport).toBe(true);
  });

  it('leaves secrets unread, not absent, when Secrets Manager fails, so approvals stay unverified', async () => {
    sm.on(ListSecretsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const live = await readLiveInventory(clients(), opts());
    expect(live.inventory.coverage.secrets).toBe(false);
    expect(live.warnings.join('\n')).toMatch(/Secrets Manager not read.*ThrottlingException/);
    const result = reconcile(
      live.inventory,
      [{ ticketId: 'S-1', principal: 'prod/db', entitlement: { kind: 'secret' }, approvedBy: 'a', approvedAt: '2026-01-01T00:00:00Z', risk: 'standard', status: 'approved' }],
      parsePolicy({}),
      NOW.toISOString(),
    );
    expect(result.outcomes[0]!.outcome).toBe('UNVERIFIED');
    expect(result.incomplete).toEqual(['secrets']);
  });

  const keyApproval = (user: string) => ({
    ticketId: `K-${user}`, principal: `arn:aws:iam::${ACCOUNT}:user/${user}`, entitlement: { kind: 'access-key' as const, maxKeys: 1 },
    approvedBy: 'a', approvedAt: '2026-11-17T00:00:00Z', risk: 'standard' as const, status: 'approved' as const,
  });

  it('marks IAM unread when a page says more follows but gives no Marker, so access-key approvals stay unverified', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-2' }).resolves({ ...page2, IsTruncated: true });
    const live = await readLiveInventory(clients(), opts());
    expect(live.inventory.coverage.iam).toBe(false);
    expect(live.calls['iam:GetAccountAuthorizationDetails']).toBe(2);
    const result = reconcile(live.inventory, [keyApproval('svc-on-page-3')], parsePolicy({}), NOW.toISOString());
    expect(result.incomplete).toEqual(['iam']);
    expect(result.outcomes[0]!.outcome).toBe('UNVERIFIED');
  });

  it('marks the keys of a user created after the reused credential report as unread', async () => {
    const late = { ...page1.UserDetailList[0]!, UserName: 'svc-late', UserId: 'AIDAEXAMPLE000000002', Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:user/svc-late`, CreateDate: new Date('2026-11-19T23:00:00Z') };
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-2' }).resolves({ ...page2, UserDetailList: [late] });
    const live = await readLiveInventory(clients(), opts());
    expect(live.inventory.keysUnread).toEqual([late.Arn]);
    expect(live.inventory.keysReadAt).toBe('2026-11-19T22:00:00.000Z');
    expect(live.warnings.join('\n')).toMatch(/no row for svc-late/);
    const result = reconcile(live.inventory, [keyApproval('svc-late')], parsePolicy({}), NOW.toISOString());
    expect(result.outcomes[0]!.outcome).toBe('UNVERIFIED');
    expect(result.keysUnread).toEqual([late.Arn]);
  });

  it('fails the whole read when IAM cannot be read', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-2' }).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const err = await readLiveInventory(clients(), opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryReadError);
    expect((err as Error).message).toBe('cannot read IAM: GetAccountAuthorizationDetails page 2: AccessDenied: denied');
  });
  /** A Secrets Manager client of one region, as AWS answers there (mockClient stubs every instance alike). */
  const regionalSecrets = (region: string, names: string[]) => ({
    region,
    client: {
      send: async (command: object) => {
        const arn = (name: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbCdEf`;
        if (command instanceof ListSecretsCommand) {
          return { SecretList: names.map((Name) => ({ ARN: arn(Name), Name, RotationEnabled: false, CreatedDate: new Date('2024-01-01T00:00:00Z'), Tags: [] })) };
        }
        if (command instanceof ListSecretVersionIdsCommand) {
          const id = command.input.SecretId!;
          return { ARN: id, Name: id.split(':').pop(), Versions: [{ VersionId: `v-${region}`, VersionStages: ['AWSCURRENT'], CreatedDate: new Date('2026-11-01T00:00:00Z') }] };
        }
        throw new Error(`unexpected ${command.constructor.name}`);
      },
    },
  });
  /** What Secrets Manager answers in an opt-in region the account has not enabled. */
  const disabledRegion = (region: string) => ({
    region,
    client: { send: async () => Promise.reject(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } })) },
  });

  it('merges the secrets of every region, versions read in their own region, when secretRegions name several', async () => {
    const regions = [regionalSecrets('eu-west-1', ['prod/db']), regionalSecrets('us-east-1', ['prod/db', 'ext/partner'])];
    const live = await readLiveInventory({ ...clients(), secretRegions: regions }, opts());
    expect(live.inventory.secrets.map((s) => s.arn)).toEqual([
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbCdEf`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:ext/partner-AbCdEf`,
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-AbCdEf`,
    ]);
    expect(live.inventory.coverage.secrets).toBe(true);
    expect(live.calls).toMatchObject({ 'secretsmanager:ListSecrets': 2, 'secretsmanager:ListSecretVersionIds': 3 });
    expect(sm.commandCalls(ListSecretsCommand)).toHaveLength(0);
  });

  it('reports a region it cannot read and leaves secret approvals unverified when one region is not enabled', async () => {
    const regions = [regionalSecrets('us-east-1', ['prod/db']), disabledRegion('ap-east-1')];
    const live = await readLiveInventory({ ...clients(), secretRegions: regions }, opts());
    expect(live.inventory.secrets.map((s) => s.name)).toEqual(['prod/db']);
    expect(live.inventory.coverage.secrets).toBe(false);
    expect(live.warnings).toContain('Secrets Manager in ap-east-1 not read, secret findings and approvals are unverified: ListSecrets (page 1) failed: UnrecognizedClientException: The security token included in the request is invalid.');
    const approval = { ticketId: 'S-2', principal: 'hk/payments', entitlement: { kind: 'secret' as const }, approvedBy: 'a', approvedAt: '2026-01-01T00:00:00Z', risk: 'standard' as const, status: 'approved' as const };
    const result = reconcile(live.inventory, [approval], parsePolicy({}), NOW.toISOString());
    expect(result.outcomes[0]!.outcome).toBe('UNVERIFIED');
    expect(result.incomplete).toEqual(['secrets']);
  });
});
