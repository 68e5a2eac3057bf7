import {
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeSecretCommand, ResourceNotFoundException, type DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import { IDEMPOTENCY_TABLE } from '../../lib/constructs/idempotency-table';
import { fixture, iamEvent, inAccount, policyEvent, principalEvents, secretsEvent, type Json } from '../events/cloudtrail-fixtures';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const ACCOUNT = '123456789012';
const FOREIGN = '999999999999';
const notFound = () => new NoSuchEntityException({ message: 'not found', $metadata: {} });
const secretNotFound = () => new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: {} });

/** The fixtures' IAM events come from account 946986569305: move them into the function's account. */
const local = (event: Json): Json => inAccount(event, ACCOUNT);
const withId = (event: Json, eventID: string, extra: Json = {}): Json => ({ ...event, detail: { ...event.detail, eventID, ...extra } });
const userOf = (userName: string) => ({
  User: { Path: '/', UserName: userName, UserId: 'AIDAEXAMPLE000000077', Arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`, CreateDate: new Date('2026-01-01T00:00:00Z') },
});
/** A DescribeSecret answer (never-rotated secrets need no ListSecretVersionIds when LastRotatedDate is set). */
const described = (arn: string): DescribeSecretResponse => ({
  ARN: arn,
  Name: arn.replace(/^.*:secret:/, '').replace(/-[A-Za-z0-9]{6}$/, ''),
  RotationEnabled: true,
  RotationRules: { AutomaticallyAfterDays: 30 },
  LastRotatedDate: new Date('2026-11-01T00:00:00Z'),
  Tags: [],
});

describe('lambdas/cloudtrail-event', () => {
  const mocks = awsMocks();
  const { iam, sm, sh, eb } = mocks;
  let db: LocalDynamo;
  let handler: (e: Json, c: ReturnType<typeof lambdaContext>) => Promise<Json>;
  let logger: typeof import('../../lib/lambda-support/observability').logger;

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_IDEMPOTENCY_TABLE: 'idempotency' });
    await db.createTable(createTableInput('idempotency', IDEMPOTENCY_TABLE));
    ({ handler } = (await import('../../lambdas/cloudtrail-event')) as unknown as { handler: typeof handler });
    ({ logger } = await import('../../lib/lambda-support/observability'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, ACCOUNT);
    iam.on(GetUserCommand).rejects(notFound()).on(GetRoleCommand).rejects(notFound()).on(GetGroupCommand).rejects(notFound());
    sm.on(DescribeSecretCommand).rejects(secretNotFound());
    vi.restoreAllMocks();
  });

  const reads = () => [
    ...iam.commandCalls(GetUserCommand).map((c) => c.args[0].input.UserName),
    ...iam.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName),
    ...iam.commandCalls(GetGroupCommand).map((c) => c.args[0].input.GroupName),
    ...sm.commandCalls(DescribeSecretCommand).map((c) => c.args[0].input.SecretId),
  ];

  it.each(principalEvents().map((e: Json) => [e.detail.eventName, local(e)]))('reads exactly the one principal %s names, and skips it when it is gone', async (_name, event) => {
    const result = await handler(event, lambdaContext('tally-cloudtrail'));
    expect(result).toMatchObject({ skipped: expect.stringMatching(/^(gone|not-found)$/) as string });
    expect(reads()).toHaveLength(1);
    expect(reads()[0]).toMatch(/\S/);
  });

  it('raises an unapproved admin attachment on the user the event names', async () => {
    const event = local(iamEvent('AttachUserPolicy'));
    const userName = event.detail.requestParameters.userName as string;
    const arn = `arn:aws:iam::${ACCOUNT}:user/${userName}`;
    iam.on(GetUserCommand, { UserName: userName }).resolves({ User: { Path: '/', UserName: userName, UserId: 'AIDAEXAMPLE000000077', Arn: arn, CreateDate: new Date('2026-01-01T00:00:00Z') } });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
    const result = await handler({ ...event, detail: { ...event.detail, eventID: 'attach-admin-1' } }, lambdaContext('tally-cloudtrail'));
    expect(result).toMatchObject({ principal: arn, findings: { UNAPPROVED_ENTITLEMENT: 2 } });
    const imported = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
    expect(imported.map((f) => f.Severity?.Label).sort()).toEqual(['CRITICAL', 'HIGH']);
  });

  it('verifies the approvals the event provisioned once, naming the CloudTrail event and who made the change, on the bus and on the approval', async () => {
    const event = withId(local(iamEvent('AttachUserPolicy')), 'attach-approved-1');
    const userName = event.detail.requestParameters.userName as string;
    const policyArn = event.detail.requestParameters.policyArn as string;
    const arn = `arn:aws:iam::${ACCOUNT}:user/${userName}`;
    const store = new ApprovalStore(db.doc, 'approvals');
    const approved = { ticketId: 'CHG-2001', principal: arn, approvedBy: 'alice@example.com', approvedAt: '2026-01-02T00:00:00.000Z', risk: 'privileged' as const, status: 'approved' as const };
    await store.importMany([{ ...approved, entitlement: { kind: 'identity' } }, { ...approved, entitlement: { kind: 'managed-policy', policyArn } }], { dryRun: false });
    iam.on(GetUserCommand, { UserName: userName }).resolves(userOf(userName));
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: policyArn.split('/').pop()!, PolicyArn: policyArn }], IsTruncated: false });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
    const via = { path: 'event', eventId: 'attach-approved-1', eventName: 'AttachUserPolicy', eventTime: event.detail.eventTime, actor: event.detail.userIdentity.arn };
    expect(via.actor).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:`));

    await handler(event, lambdaContext('tally-cloudtrail'));
    const verified = eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []).filter((e) => e.DetailType === 'Tally Approval Verified').map((e) => JSON.parse(e.Detail!));
    expect(verified.map((d) => [d.ticketId, d.entitlement.kind, d.verifiedVia]).sort()).toEqual([
      ['CHG-2001', 'identity', via],
      ['CHG-2001', 'managed-policy', via],
    ]);
    expect(verified.find((d) => d.entitlement.kind === 'managed-policy').observed).toEqual({ source: 'GetAccountAuthorizationDetails' });
    const stored = (await store.byPrincipal(arn)).approvals;
    expect(stored.map((a) => [a.evidence?.outcome, a.evidence?.via])).toEqual([['RECONCILED', via], ['RECONCILED', via]]);

    // The next event about the same user verifies nothing anew.
    eb.resetHistory();
    await handler(withId(event, 'attach-approved-2'), lambdaContext('tally-cloudtrail'));
    expect(eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []).filter((e) => e.DetailType === 'Tally Approval Verified')).toEqual([]);
  });

  it('handles a repeated delivery of the same eventID once', async () => {
    const event = local(iamEvent('CreateUser'));
    event.detail.eventID = 'repeated-delivery-1';
    await handler(event, lambdaContext('tally-cloudtrail'));
    await handler(event, lambdaContext('tally-cloudtrail'));
    expect(reads()).toHaveLength(1);
  });

  it('logs and skips a failed call whose requestParameters are null, and a malformed event, without throwing', async () => {
    await expect(handler(fixture('failed-call'), lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'failed-call', eventId: '3346344c-5a3e-429e-8405-420f98f75d6f' });
    await expect(handler({ ...iamEvent('DeleteUser'), detail: { eventID: 42 } }, lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'malformed' });
    expect(reads()).toEqual([]);
  });

  describe('events of other accounts', () => {
    it('skips an event from another account without reading the same-named local user', async () => {
      const event = withId(iamEvent('AttachUserPolicy'), 'foreign-1');
      event.account = FOREIGN;
      event.detail.recipientAccountId = FOREIGN;
      iam.on(GetUserCommand).resolves(userOf(event.detail.requestParameters.userName));
      const warn = vi.spyOn(logger, 'warn');
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'foreign-account', eventId: 'foreign-1' });
      expect(reads()).toEqual([]);
      expect(warn).toHaveBeenCalledWith('event skipped', expect.objectContaining({ eventId: 'foreign-1', reason: 'foreign-account' }));
    });

    it('skips an event whose principal ARN is in another account when the envelope is local', async () => {
      const event = withId(local(iamEvent('CreateUser')), 'foreign-arn-1');
      event.detail.responseElements.user.arn = `arn:aws:iam::${FOREIGN}:user/engineering/alice`;
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toMatchObject({ skipped: 'foreign-account' });
      expect(reads()).toEqual([]);
    });
  });

  describe('serving an event where and when its target can be read', () => {
    it('reads a secret in the region its ARN names when the function runs in another region', async () => {
      const event = withId(fixture('create-secret-legacy-arn'), 'other-region-1');
      const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/db-AbCdEf';
      // Secrets Manager answers for a secret only in the secret's own region.
      sm.on(DescribeSecretCommand).callsFake(async (input: { SecretId: string }, getClient) => {
        if ((await getClient().config.region()) !== 'eu-west-1' || input.SecretId !== arn) throw secretNotFound();
        return described(arn);
      });
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toMatchObject({ principal: arn });
    });

    it('reads a secret named without an ARN in the event’s awsRegion', async () => {
      const event = withId(secretsEvent('TagResource'), 'tag-by-name-1', { awsRegion: 'ap-southeast-2' });
      const arn = 'arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:MyTestSecret-Ca8JGt';
      sm.on(DescribeSecretCommand).callsFake(async (input: { SecretId: string }, getClient) => {
        if ((await getClient().config.region()) !== 'ap-southeast-2' || input.SecretId !== 'MyTestSecret') throw secretNotFound();
        return described(arn);
      });
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toMatchObject({ principal: arn });
    });

    it('throws a retryable error and keeps no idempotency record when a just-created user is not yet visible', async () => {
      const event = withId(local(iamEvent('CreateUser')), 'not-yet-visible-1', { eventTime: new Date().toISOString() });
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).rejects.toMatchObject({ name: 'PrincipalNotVisibleError' });
      // The re-delivery reads again (no COMPLETED record replays the empty result) and finds the user.
      iam.on(GetUserCommand).resolves({ User: { ...userOf('alice').User, Path: '/engineering/', Arn: `arn:aws:iam::${ACCOUNT}:user/engineering/alice` } });
      iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
      iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
      iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
      iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toMatchObject({ principal: `arn:aws:iam::${ACCOUNT}:user/engineering/alice` });
      expect(iam.commandCalls(GetUserCommand)).toHaveLength(2);
    });

    it('skips without retry a DeleteUser whose user is gone, logging one line with the reason', async () => {
      const event = withId(local(iamEvent('DeleteUser')), 'gone-1', { eventTime: new Date().toISOString() });
      const info = vi.spyOn(logger, 'info');
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'gone', eventId: 'gone-1' });
      const lines = info.mock.calls.filter(([message]) => message === 'event skipped');
      expect(lines).toEqual([['event skipped', expect.objectContaining({ eventId: 'gone-1', eventName: 'DeleteUser', reason: 'gone' })]]);
    });

    it('logs a managed-policy change and leaves its principals to the sweep', async () => {
      const event = withId(local(policyEvent('CreatePolicyVersion')), 'policy-version-1');
      const info = vi.spyOn(logger, 'info');
      await expect(handler(event, lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'left-to-sweep', eventId: 'policy-version-1' });
      expect(reads()).toEqual([]);
      expect(info).toHaveBeenCalledWith('event skipped', expect.objectContaining({ reason: 'left-to-sweep', detail: expect.stringContaining(`arn:aws:iam::${ACCOUNT}:policy/deploy-boundary`) as string }));
    });
  });

  describe('failed rotations', () => {
    it('reports a failed rotation on the bus with the secret, event id, time and error text, and warns', async () => {
      const event = withId(fixture('rotation-failed'), 'rotation-failed-1');
      const arn = event.detail.additionalEventData.SecretId as string;
      sm.on(DescribeSecretCommand).resolves(described(arn));
      const warn = vi.spyOn(logger, 'warn');
      await handler(event, lambdaContext('tally-cloudtrail'));
      const entries = eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
      const failed = entries.filter((e) => e.DetailType === 'Tally Secret Rotation Failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.Resources).toEqual([arn]);
      expect(JSON.parse(failed[0]!.Detail!)).toEqual({
        schemaVersion: '1',
        accountId: ACCOUNT,
        region: 'eu-west-1',
        secretArn: arn,
        eventId: 'rotation-failed-1',
        failedAt: '2026-11-20T00:50:20Z',
        errorMessage: event.detail.errorMessage,
      });
      expect(warn).toHaveBeenCalledWith('secret rotation failed', expect.objectContaining({ secretArn: arn, eventId: 'rotation-failed-1' }));
    });
  });
});
