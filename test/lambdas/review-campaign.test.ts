import { AccessAnalyzerClient, AccessDeniedException, ListAnalyzersCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import type { Approval } from '../../lib/core/approval';
import { parseIntakeDetail, type IntakeCommand } from '../../lib/intake/intake-contract';
import { IntakeStore } from '../../lib/intake/intake-store';
import { campaignKey, OPEN_POINTER_KEY } from '../../lib/review/bucket-layout';
import type { BucketCampaignState, OpenPointer } from '../../lib/review/campaign-bucket';
import type { ReviewRunResult } from '../../lib/review/review-run';
import { reviewEscalatedDetailSchema, reviewRequestedDetailSchema } from '../../lib/sinks/event-schemas';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';
import { fakeBucket } from '../review/fake-bucket';

const ACCOUNT = '123456789012';
const T0 = '2026-11-20T06:00:00Z';
const role = (name: string) => ({
  Path: '/', RoleName: name, RoleId: `AROA${name.toUpperCase().padEnd(17, 'X')}`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, CreateDate: new Date('2024-01-01T00:00:00Z'),
  AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] })),
  InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [], Tags: [], RoleLastUsed: { LastUsedDate: new Date('2026-11-19T00:00:00Z'), Region: 'us-east-1' },
});
const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const approval = (ticketId: string, name: string, owner: string): Approval => ({
  ticketId, principal: `arn:aws:iam::${ACCOUNT}:role/${name}`, entitlement: { kind: 'identity' }, approvedBy: 'carol@example.com', owner,
  approvedAt: '2025-01-10T00:00:00.000Z', risk: 'standard', status: 'approved',
});
const scheduled = (time: string): ScheduledEvent => ({
  version: '0', id: `run-${time}`, 'detail-type': 'Scheduled Event', source: 'aws.events', account: ACCOUNT, time, region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/tally-review`], detail: {},
});
const days = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
type Handler = (e: ScheduledEvent, c: ReturnType<typeof lambdaContext>) => Promise<ReviewRunResult>;

describe('lambdas/review-campaign', () => {
  const mocks = awsMocks();
  const s3 = mockClient(S3Client);
  const aa = mockClient(AccessAnalyzerClient);
  const bucket = fakeBucket(s3);
  let db: LocalDynamo;
  let store: ApprovalStore;
  let intake: IntakeStore;

  /** The handler with `review` policy settings (read once per module load, as at a cold start). */
  async function handlerWith(review: Record<string, unknown> = {}): Promise<Handler> {
    vi.resetModules();
    vi.stubEnv('TALLY_POLICY', JSON.stringify({ review }));
    return ((await import('../../lambdas/review-campaign')) as unknown as { handler: Handler }).handler;
  }
  const run = (h: Handler, time: string) => h(scheduled(time), lambdaContext('tally-review'));
  const sent = () => mocks.eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
  const intakeChange = (change: 'recertified' | 'revoked', a: Approval, version: number) => intake.apply(parseIntakeDetail(change, { approval: a, version }) as IntakeCommand);

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_REVIEW_BUCKET: 'tally-reviews' });
    store = new ApprovalStore(db.doc, 'approvals');
    intake = new IntakeStore(db.doc, 'approvals');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(async () => {
    acceptingSinks(mocks, ACCOUNT);
    aa.reset();
    bucket.objects.clear();
    bucket.hooks.beforePut = undefined;
    s3.resetHistory();
    mocks.iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [role('app-a'), role('app-b')], Policies: [], IsTruncated: false });
    mocks.iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-20T05:00:00Z') });
    mocks.sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    aa.on(ListAnalyzersCommand).resolves({ analyzers: [] });
    for (const item of (await db.doc.send(new ScanCommand({ TableName: 'approvals' }))).Items ?? []) await db.doc.send(new DeleteCommand({ TableName: 'approvals', Key: { approvalKey: item.approvalKey } }));
    await store.put(approval('CHG-1', 'app-a', 'alice@example.com'));
    await store.put(approval('CHG-2', 'app-b', 'bob@example.com'));
  });

  it('starts one campaign and asks each owner once, with packets in the bucket, when none is open', async () => {
    const h = await handlerWith();
    const result = await run(h, T0);
    expect(result).toMatchObject({ outcome: 'started', requested: ['alice@example.com', 'bob@example.com'], failedEvents: [] });
    const pointer = bucket.json<OpenPointer>(OPEN_POINTER_KEY);
    expect(pointer.campaignId).toBe(result.campaignId);
    const state = bucket.json<BucketCampaignState>(campaignKey(result.campaignId!));
    expect(state.campaign.items.map((i) => i.owner)).toEqual(['alice@example.com', 'bob@example.com']);
    const events = sent();
    expect(events.map((e) => e.DetailType)).toEqual(['Tally Review Requested', 'Tally Review Requested']);
    for (const e of events) {
      const detail = reviewRequestedDetailSchema.parse(JSON.parse(e.Detail!));
      expect(bucket.objects.has(detail.packets.html) && bucket.objects.has(detail.packets.csv)).toBe(true);
      expect(detail).toMatchObject({ campaignId: result.campaignId, items: 1, bucket: 'tally-reviews', deadline: '2026-12-04T06:00:00.000Z' });
    }
  });

  it('does nothing new when a second run finds nothing decided before the deadline', async () => {
    const h = await handlerWith();
    await run(h, T0);
    const [puts, events] = [bucket.puts(), sent().length];
    const again = await run(h, days(1));
    expect(again).toMatchObject({ outcome: 'open', requested: [], decided: [], escalated: [], revoked: [] });
    expect([bucket.puts(), sent().length]).toEqual([puts, events]);
  });

  it('closes the campaign when the table shows one approval recertified and the other revoked since it started', async () => {
    const h = await handlerWith();
    const { campaignId } = await run(h, T0);
    await intakeChange('recertified', { ...approval('CHG-1', 'app-a', 'alice@example.com'), recertifiedAt: days(2) }, 5);
    await intakeChange('revoked', { ...approval('CHG-2', 'app-b', 'bob@example.com'), status: 'revoked' }, 6);
    const result = await run(h, days(3));
    expect(result).toMatchObject({ outcome: 'closed', escalated: [] });
    expect(result.decided).toHaveLength(2);
    const state = bucket.json<BucketCampaignState>(campaignKey(campaignId!));
    expect(Object.values(state.campaign.decisions).map((d) => d.decision).sort()).toEqual(['keep', 'revoke']);
    expect(state.closedAt).toBe(days(3));
    expect(bucket.json<OpenPointer>(OPEN_POINTER_KEY)).toMatchObject({ campaignId: null, lastCampaignId: campaignId });
  });

  it('escalates each undecided item once and revokes it through the version-checked store when escalation is revoke', async () => {
    const h = await handlerWith({ escalation: 'revoke' });
    const { campaignId } = await run(h, T0);
    await intakeChange('recertified', { ...approval('CHG-1', 'app-a', 'alice@example.com'), recertifiedAt: days(2) }, 5);
    const past = await run(h, days(15));
    expect(past).toMatchObject({ outcome: 'open', escalated: [expect.stringContaining('CHG-2')], revoked: [expect.stringContaining('CHG-2')], staleRevocations: [] });
    const escalations = sent().filter((e) => e.DetailType === 'Tally Review Escalated');
    expect(escalations).toHaveLength(1);
    expect(reviewEscalatedDetailSchema.parse(JSON.parse(escalations[0]!.Detail!))).toMatchObject({ action: 'revoke', owner: 'bob@example.com' });
    const revoked = (await store.listAll()).approvals.find((s) => s.approval.ticketId === 'CHG-2')!;
    expect(revoked).toMatchObject({ version: 2, approval: { status: 'revoked' } });

    const next = await run(h, days(16));
    expect(next).toMatchObject({ outcome: 'closed', escalated: [], revoked: [] });
    expect(sent().filter((e) => e.DetailType === 'Tally Review Escalated')).toHaveLength(1);
    const state = bucket.json<BucketCampaignState>(campaignKey(campaignId!));
    expect(Object.values(state.campaign.decisions).map((d) => [d.decision, d.decidedBy]).sort()).toEqual([['keep', 'alice@example.com'], ['revoke', 'tally (escalation)']]);
  });

  it('escalates undecided items and closes the campaign when escalation is notify', async () => {
    const h = await handlerWith();
    await run(h, T0);
    const past = await run(h, days(15));
    expect(past).toMatchObject({ outcome: 'closed', revoked: [] });
    expect(past.escalated).toHaveLength(2);
    expect((await store.listAll()).approvals.map((s) => s.approval.status)).toEqual(['approved', 'approved']);
  });

  it('does not start a second campaign when another run claimed the open pointer first (ETag precondition lost)', async () => {
    const h = await handlerWith();
    bucket.hooks.beforePut = (key) => {
      if (key === OPEN_POINTER_KEY && !bucket.objects.has(key)) bucket.objects.set(key, { body: JSON.stringify({ campaignId: 'review-other', updatedAt: T0 }), etag: '"other"' });
    };
    const result = await run(h, T0);
    expect(result.outcome).toBe('conflict');
    expect(sent()).toEqual([]);
    expect(bucket.json<OpenPointer>(OPEN_POINTER_KEY).campaignId).toBe('review-other');
  });

  it('marks approvals unused from Access Analyzer findings when the account has an unused-access analyzer', async () => {
    const analyzerArn = `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/unused`;
    aa.on(ListAnalyzersCommand, { type: 'ACCOUNT_UNUSED_ACCESS' }).resolves({ analyzers: [{ arn: analyzerArn, name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: new Date(T0) }] });
    const at = new Date('2026-11-19T00:00:00Z');
    aa.on(ListFindingsV2Command).resolves({
      findings: [{ id: 'f-1', resource: `arn:aws:iam::${ACCOUNT}:role/app-b`, resourceType: 'AWS::IAM::Role', findingType: 'UnusedIAMRole', status: 'ACTIVE', resourceOwnerAccount: ACCOUNT, analyzedAt: at, createdAt: at, updatedAt: at }],
    });
    const h = await handlerWith();
    const { campaignId } = await run(h, T0);
    const items = bucket.json<BucketCampaignState>(campaignKey(campaignId!)).campaign.items;
    expect(items.find((i) => i.owner === 'bob@example.com')).toMatchObject({ suggestion: 'revoke', reasons: expect.arrayContaining(['unused']) });
    expect(items.find((i) => i.owner === 'alice@example.com')?.suggestion).toBe('keep');
  });

  it('starts the campaign with a warning when Access Analyzer refuses the read', async () => {
    aa.on(ListAnalyzersCommand).rejects(new AccessDeniedException({ message: 'User is not authorized to perform: access-analyzer:ListAnalyzers', $metadata: { httpStatusCode: 403 } }));
    const h = await handlerWith();
    const result = await run(h, T0);
    expect(result.outcome).toBe('started');
    expect(result.warnings).toEqual([expect.stringContaining('AccessDeniedException')]);
  });
});
