import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { createTableInput } from '../../lib/aws/table-spec';
import type { Approval } from '../../lib/core/approval';
import { AccountApprovalStore, principalAccount } from '../../lib/sweep/account-approvals';
import { assumeRoleCredentials, MemberAccessError, memberClients, REFRESH_BEFORE_MS, sessionName } from '../../lib/sweep/member-credentials';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const MEMBER = '111122223333';
const OTHER = '444455556666';
const ROLE_ARN = `arn:aws:iam::${MEMBER}:role/tally-member-read`;

/** AssumeRole's response as the STS API reference shows it (expiry moved to the test's clock). */
function assumed(expiration: Date, key = 'ASIAIOSFODNN7EXAMPLE') {
  return {
    AssumedRoleUser: { Arn: `arn:aws:sts::${MEMBER}:assumed-role/tally-member-read/tally-run-1`, AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:tally-run-1' },
    Credentials: {
      AccessKeyId: key,
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      SessionToken: 'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==',
      Expiration: expiration,
    },
    PackedPolicySize: 8,
  };
}

const denied = () =>
  Object.assign(new Error(`User: arn:aws:sts::999988887777:assumed-role/TallyMemberSweep/fn is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`), { name: 'AccessDenied', $fault: 'client' });

describe('assumeRoleCredentials', () => {
  const sts = mockClient(STSClient);
  let now: Date;
  const clock = () => now;
  const role = { accountId: MEMBER, roleName: 'tally-member-read', externalId: 'tally-org', sessionName: 'tally-run-1' };
  beforeEach(() => {
    sts.reset();
    now = new Date('2026-11-20T06:00:00Z');
  });

  it('assumes the member role with the external id and returns its temporary credentials', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(new Date('2026-11-20T07:00:00Z')));
    const creds = await assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), role, clock)();
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: ROLE_ARN, RoleSessionName: 'tally-run-1', ExternalId: 'tally-org', DurationSeconds: 3600 },
    ]);
    expect(creds).toEqual({
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      sessionToken: expect.stringMatching(/^AQoDYXdz/),
      expiration: new Date('2026-11-20T07:00:00Z'),
    });
  });

  it('reuses the credentials until five minutes before they expire, then assumes again', async () => {
    sts.on(AssumeRoleCommand).resolvesOnce(assumed(new Date('2026-11-20T07:00:00Z'), 'ASIAFIRST')).resolvesOnce(assumed(new Date('2026-11-20T08:00:00Z'), 'ASIASECOND'));
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), role, clock);
    expect((await provider()).accessKeyId).toBe('ASIAFIRST');
    now = new Date(new Date('2026-11-20T07:00:00Z').getTime() - REFRESH_BEFORE_MS - 1);
    expect((await provider()).accessKeyId).toBe('ASIAFIRST');
    now = new Date(new Date('2026-11-20T07:00:00Z').getTime() - REFRESH_BEFORE_MS);
    expect((await provider()).accessKeyId).toBe('ASIASECOND');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('shares one AssumeRole call between concurrent callers', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(new Date('2026-11-20T07:00:00Z')));
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), role, clock);
    const all = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('turns a denied AssumeRole into a MemberAccessError naming the account and role, and tries again next time', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(denied()).resolves(assumed(new Date('2026-11-20T07:00:00Z')));
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1', maxAttempts: 1 }), role, clock);
    const error = await provider().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemberAccessError);
    expect(error).toMatchObject({ name: 'MemberAccessError', accountId: MEMBER, roleArn: ROLE_ARN });
    expect((error as Error).message).toMatch(new RegExp(`^account ${MEMBER}: cannot assume ${ROLE_ARN} \\(AccessDenied: User: .* is not authorized to perform: sts:AssumeRole`));
    expect((error as Error).cause).toMatchObject({ name: 'AccessDenied' });
    expect((await provider()).accessKeyId).toBe('ASIAIOSFODNN7EXAMPLE');
  });

  it('refuses a response without credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({ AssumedRoleUser: assumed(new Date()).AssumedRoleUser });
    await expect(assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), role, clock)()).rejects.toThrow(/AssumeRole returned no credentials/);
  });

  it('uses the partition of the deployment in the role ARN', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(new Date('2026-11-20T07:00:00Z')));
    await assumeRoleCredentials(new STSClient({ region: 'cn-north-1' }), { ...role, partition: 'aws-cn' }, clock)();
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.RoleArn).toBe(`arn:aws-cn:iam::${MEMBER}:role/tally-member-read`);
  });
});

describe('sessionName', () => {
  it('keeps STS’s alphabet and 64 characters', () => {
    expect(sessionName('tally-1f2e3d4c-aaaa-bbbb-cccc-0123456789ab')).toBe('tally-1f2e3d4c-aaaa-bbbb-cccc-0123456789ab');
    expect(sessionName('tally-run 1/2:3')).toBe('tally-run-1-2-3');
    expect(sessionName(`tally-${'x'.repeat(100)}`)).toHaveLength(64);
  });
});

describe('memberClients', () => {
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  afterAll(() => {
    sts.restore();
    iam.restore();
  });

  it('builds clients that sign with the assumed credentials', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed(new Date(Date.now() + 3_600_000)));
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false });
    const provider = assumeRoleCredentials(new STSClient({ region: 'us-east-1' }), { accountId: MEMBER, roleName: 'tally-member-read', externalId: 'x1', sessionName: 's1' });
    const clients = memberClients({ region: 'us-east-1' }, provider);
    for (const client of Object.values(clients)) expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' });
    expect(await clients.iam.config.region()).toBe('us-east-1');
    await clients.iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const client = iam.commandCalls(GetAccountAuthorizationDetailsCommand)[0]!.thisValue as IAMClient;
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: expect.stringMatching(/^AQoD/) });
  });
});

describe('AccountApprovalStore', () => {
  let db: LocalDynamo;
  const approval = (principal: string, kind: 'identity' | 'secret' = 'identity'): Approval => ({
    ticketId: 'CHG-1', principal, entitlement: { kind }, approvedBy: 'alice@example.com', approvedAt: '2026-01-01T00:00:00.000Z', risk: 'standard', status: 'approved',
  });
  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('approvals', APPROVAL_TABLE));
    const imported = await new ApprovalStore(db.doc, 'approvals').importMany([
      approval(`arn:aws:iam::${MEMBER}:user/alice`),
      approval(`arn:aws:iam::${MEMBER}:role/service/etl`),
      approval(`arn:aws:secretsmanager:us-east-1:${MEMBER}:secret:prod/db-AbCdEf`, 'secret'),
      approval(`arn:aws:iam::${OTHER}:user/bob`),
      approval('prod/shared-secret', 'secret'),
    ]);
    expect(imported.failed).toEqual([]);
  });
  afterAll(async () => db.stop());

  it('places a principal in the account of its ARN; a secret named without one in none', () => {
    expect(principalAccount(`arn:aws:iam::${MEMBER}:user/a/b`)).toBe(MEMBER);
    expect(principalAccount(`arn:aws:secretsmanager:eu-west-1:${OTHER}:secret:x-AbCdEf`)).toBe(OTHER);
    expect(principalAccount('prod/shared-secret')).toBeUndefined();
    expect(principalAccount('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
  });

  it('lists only the approvals of its account, and counts those it cannot place', async () => {
    const store = new AccountApprovalStore(db.doc, 'approvals', MEMBER);
    const list = await store.listAll();
    expect(list.approvals.map((s) => s.approval.principal).sort()).toEqual(
      [`arn:aws:iam::${MEMBER}:role/service/etl`, `arn:aws:iam::${MEMBER}:user/alice`, `arn:aws:secretsmanager:us-east-1:${MEMBER}:secret:prod/db-AbCdEf`].sort(),
    );
    expect(store.unplaced).toBe(1);
    expect((await new AccountApprovalStore(db.doc, 'approvals', OTHER).listAll()).approvals.map((s) => s.approval.principal)).toEqual([`arn:aws:iam::${OTHER}:user/bob`]);
  });

  it('counts an unreadable approval in the account of its principal, and one naming no principal in every account', async () => {
    const policyInMember = `arn:aws:iam::${MEMBER}:policy/shared`;
    const otherKey = `CHG-2|arn:aws:iam::${OTHER}:user/bob|managed-policy|${policyInMember}`;
    await db.doc.send(new PutCommand({ TableName: 'approvals', Item: { approvalKey: otherKey, version: 1, principal: `arn:aws:iam::${OTHER}:user/bob`, ticketId: 'CHG-2', status: 'maybe' } }));
    await db.doc.send(new PutCommand({ TableName: 'approvals', Item: { approvalKey: 'CHG-3|garbled', version: 1 } }));
    const member = await new AccountApprovalStore(db.doc, 'approvals', MEMBER).listAll();
    const other = await new AccountApprovalStore(db.doc, 'approvals', OTHER).listAll();
    expect(member.invalid.map((i) => i.approvalKey)).toEqual(['CHG-3|garbled']);
    expect(other.invalid.map((i) => i.approvalKey).sort()).toEqual([otherKey, 'CHG-3|garbled'].sort());
  });
});
