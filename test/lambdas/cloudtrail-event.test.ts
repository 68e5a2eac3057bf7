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
import { DescribeSecretCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTableInput } from '../../lib/aws/table-spec';
import { IDEMPOTENCY_TABLE } from '../../lib/constructs/idempotency-table';
import { allValidEvents, fixture, iamEvent, type Json } from '../events/cloudtrail-fixtures';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const ACCOUNT = '123456789012';
const notFound = () => new NoSuchEntityException({ message: 'not found', $metadata: {} });

describe('lambdas/cloudtrail-event', () => {
  const mocks = awsMocks();
  const { iam, sm, sh } = mocks;
  let db: LocalDynamo;
  let handler: (e: Json, c: ReturnType<typeof lambdaContext>) => Promise<Json>;

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_IDEMPOTENCY_TABLE: 'idempotency' });
    await db.createTable(createTableInput('idempotency', IDEMPOTENCY_TABLE));
    ({ handler } = (await import('../../lambdas/cloudtrail-event')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, ACCOUNT);
    iam.on(GetUserCommand).rejects(notFound()).on(GetRoleCommand).rejects(notFound()).on(GetGroupCommand).rejects(notFound());
    sm.on(DescribeSecretCommand).rejects(new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: {} }));
  });

  const reads = () => [
    ...iam.commandCalls(GetUserCommand).map((c) => c.args[0].input.UserName),
    ...iam.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName),
    ...iam.commandCalls(GetGroupCommand).map((c) => c.args[0].input.GroupName),
    ...sm.commandCalls(DescribeSecretCommand).map((c) => c.args[0].input.SecretId),
  ];

  it.each(allValidEvents().map((e: Json) => [e.detail.eventName, e]))('reads exactly the one principal %s names', async (_name, event) => {
    const result = await handler(event, lambdaContext('tally-cloudtrail'));
    expect(result).toMatchObject({ principal: null });
    expect(reads()).toHaveLength(1);
    expect(reads()[0]).toMatch(/\S/);
  });

  it('raises an unapproved admin attachment on the user the event names', async () => {
    const event = iamEvent('AttachUserPolicy');
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

  it('handles a repeated delivery of the same eventID once', async () => {
    const event = iamEvent('CreateUser');
    event.detail.eventID = 'repeated-delivery-1';
    await handler(event, lambdaContext('tally-cloudtrail'));
    await handler(event, lambdaContext('tally-cloudtrail'));
    expect(reads()).toHaveLength(1);
  });

  it('logs and skips a failed call whose requestParameters are null, and a malformed event, without throwing', async () => {
    await expect(handler(fixture('failed-call'), lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'failed-call' });
    await expect(handler({ ...iamEvent('DeleteUser'), detail: { eventID: 42 } }, lambdaContext('tally-cloudtrail'))).resolves.toEqual({ skipped: 'malformed' });
    expect(reads()).toEqual([]);
  });
});
