import { GetAccessKeyLastUsedCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger, metrics } from '../../lib/lambda-support/observability';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const ACCOUNT = '123456789012';
const NAMES = ['svc-a', 'svc-b'];
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const keyId = (name: string) => `AKIA${name.replace('-', '').toUpperCase()}000000001`.slice(0, 20);
const CREATED = new Date('2026-03-01T09:00:00Z');
const USED = new Date('2026-06-01T09:00:00Z');
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const iso = (d: Date) => d.toISOString().replace('.000Z', '+00:00');
const gaad = {
  UserDetailList: NAMES.map((name, i) => ({
    Path: '/', UserName: name, UserId: `AIDAEXAMPLE00000000${i}`, Arn: arn(name), CreateDate: new Date('2025-01-01T00:00:00Z'),
    UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [],
  })),
  GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false,
};
const rows = NAMES.map((name) => `${name},${arn(name)},2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,${iso(CREATED)},${iso(USED)},eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);

const scheduled = (id: string): ScheduledEvent => ({
  version: '0', id, 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, time: '2026-11-20T06:00:00Z', region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/tally-sweep`], detail: {},
});

describe('lambdas/sweep in enforce mode, held back', () => {
  const mocks = awsMocks();
  const { iam, sm } = mocks;
  let db: LocalDynamo;
  let handler: (e: ScheduledEvent, c: ReturnType<typeof lambdaContext>) => Promise<unknown>;

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_MODE: 'enforce', TALLY_MAX_DEACTIVATIONS: '1', TALLY_ACTION_GRACE_DAYS: '0', TALLY_SECURITY_HUB: 'false' });
    ({ handler } = (await import('../../lambdas/sweep')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, ACCOUNT);
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad);
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-20T05:00:00Z') });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    for (const name of NAMES) {
      iam.on(ListAccessKeysCommand, { UserName: name }).resolves({ AccessKeyMetadata: [{ UserName: name, AccessKeyId: keyId(name), Status: 'Active', CreateDate: CREATED }], IsTruncated: false });
      iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: keyId(name) }).resolves({ UserName: name, AccessKeyLastUsed: { LastUsedDate: USED, ServiceName: 's3', Region: 'eu-west-1' } });
    }
  });

  it('counts the actions the cap blocked in the BlockedActions metric, by reason, and logs them in the summary', async () => {
    const metric = vi.spyOn(metrics, 'addMetric');
    const info = vi.spyOn(logger, 'info');
    const summary = await handler(scheduled('blocked-1'), lambdaContext('tally-sweep'));
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
    expect(summary).toMatchObject({ deactivated: 0, blocked: { count: 2, byReason: { cap: 2 } } });
    expect(metric).toHaveBeenCalledWith('BlockedActions', 'Count', 2);
    expect(info).toHaveBeenCalledWith('sweep finished', expect.objectContaining({ blocked: expect.objectContaining({ count: 2, reasons: expect.stringContaining('over the cap of 1') }) }));
  });
});
