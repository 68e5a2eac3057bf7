import { GetAccessKeyLastUsedCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { main } from '../../lib/cli/program';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const ACCOUNT = '123456789012';
const NAMES = ['svc-a', 'svc-b', 'svc-c'];
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const keyId = (name: string) => `AKIA${name.replace('-', '').toUpperCase()}000000001`.slice(0, 20);
const CREATED = new Date('2026-03-01T09:00:00Z');
const USED = new Date('2026-06-01T09:00:00Z');
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const iso = (d: Date) => d.toISOString().replace('.000Z', '+00:00');

/** Three users, each with one key created in March and last used in June: stale and unused on 2026-11-20. */
const gaad = {
  UserDetailList: NAMES.map((name, i) => ({
    Path: '/', UserName: name, UserId: `AIDAEXAMPLE00000000${i}`, Arn: arn(name), CreateDate: new Date('2025-01-01T00:00:00Z'),
    UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [],
  })),
  GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
};
const rows = NAMES.map((name) => `${name},${arn(name)},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,${iso(CREATED)},${iso(USED)},eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);

describe('tally sweep --live --enforce: a blocked run', () => {
  const iam = mockClient(IAMClient);
  const sm = mockClient(SecretsManagerClient);
  let db: LocalDynamo;
  let dir: string;
  let tables = 0;

  beforeAll(async () => {
    db = await startDynalite();
    dir = await mkdtemp(join(tmpdir(), 'tally-blocked-'));
    await writeFile(join(dir, 'approvals.json'), '[]');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    iam.reset();
    sm.reset();
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad);
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-19T23:00:00Z') });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    for (const name of NAMES) {
      iam.on(ListAccessKeysCommand, { UserName: name }).resolves({ AccessKeyMetadata: [{ UserName: name, AccessKeyId: keyId(name), Status: 'Active', CreateDate: CREATED }], IsTruncated: false });
      iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: keyId(name) }).resolves({ UserName: name, AccessKeyLastUsed: { LastUsedDate: USED, ServiceName: 's3', Region: 'eu-west-1' } });
    }
    iam.on(UpdateAccessKeyCommand).resolves({});
  });

  async function sweep(...flags: string[]) {
    const table = `audit-cli-${++tables}`;
    await db.createTable(createTableInput(table, AUDIT_TABLE));
    const out = { stdout: '', stderr: '' };
    const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date('2026-11-20T00:00:00Z') };
    const argv = ['sweep', '--live', '--approvals', join(dir, 'approvals.json'), '--format', 'json', '--enforce', '--audit-table', table, '--grace-days', '0', ...flags];
    const code = await main(argv, io, { region: 'us-east-1', endpoint: db.endpoint, noColor: true });
    return { code, stderr: out.stderr };
  }

  it('exits 4 and prints the count and the reason when the cap blocks the deactivations', async () => {
    const { code, stderr } = await sweep('--max-deactivations', '1');
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
    expect(stderr).toMatch(/3 deactivation\(s\) blocked: cap 3 \(3 keys would be deactivated, over the cap of 1/);
    expect(code).toBe(4);
  });

  it('exits 4 rather than 1 when findings are at or above --fail-on as well', async () => {
    const { code } = await sweep('--max-deactivations', '1', '--fail-on', 'low');
    expect(code).toBe(4);
  });

  it('exits 0 when every planned deactivation was made', async () => {
    const { code, stderr } = await sweep('--max-deactivations', '5');
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(3);
    expect(stderr).not.toMatch(/blocked/);
    expect(code).toBe(0);
  });
});
