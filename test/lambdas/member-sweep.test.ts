import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import type { Approval } from '../../lib/core/approval';
import { acceptingSinks, awsMocks, receivedCalls } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const MEMBER = '111122223333';
const OTHER = '444455556666';
const ROLE_ARN = `arn:aws:iam::${MEMBER}:role/tally-member-read`;
const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const user = (name: string, policies: { PolicyName: string; PolicyArn: string }[] = []) => ({
  Path: '/', UserName: name, UserId: `AIDA${name.toUpperCase().padEnd(16, '0')}`, Arn: `arn:aws:iam::${MEMBER}:user/${name}`, CreateDate: new Date('2026-01-02T00:00:00Z'),
  UserPolicyList: [], GroupList: [], AttachedManagedPolicies: policies, Tags: [],
});
const gaad = { UserDetailList: [user('alice'), user('temp-admin', [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }])], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false };
const approval = (principal: string): Approval => ({
  ticketId: 'CHG-7', principal, entitlement: { kind: 'identity' }, approvedBy: 'alice@example.com', approvedAt: '2026-01-01T00:00:00.000Z', risk: 'standard', status: 'approved',
});

/** AssumeRole's response as the STS API reference shows it. */
const assumed = {
  AssumedRoleUser: { Arn: `arn:aws:sts::${MEMBER}:assumed-role/tally-member-read/tally-exec-1`, AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:tally-exec-1' },
  Credentials: { AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY', SessionToken: 'AQoDYXdzEPT//////////wEXAMPLE', Expiration: new Date('2099-01-01T00:00:00Z') },
  PackedPolicySize: 8,
};
const item = { accountId: MEMBER, runId: 'exec-1', now: '2026-11-20T06:00:00.000Z' };
const credentialsOf = async (call: { thisValue: unknown }) => (call.thisValue as { config: { credentials(): Promise<{ accessKeyId: string }> } }).config.credentials();

describe('lambdas/member-sweep', () => {
  const mocks = awsMocks();
  const { iam, sm, sh, eb, sts } = mocks;
  let db: LocalDynamo;
  let handler: (e: unknown, c: ReturnType<typeof lambdaContext>) => Promise<any>;

  beforeAll(async () => {
    db = await lambdaEnvironment({ TALLY_MEMBER_ROLE_NAME: 'tally-member-read', TALLY_MEMBER_EXTERNAL_ID: 'tally-org-test' });
    const imported = await new ApprovalStore(db.doc, 'approvals').importMany([approval(`arn:aws:iam::${MEMBER}:user/alice`), approval(`arn:aws:iam::${OTHER}:user/bob`)]);
    expect(imported.failed).toEqual([]);
    ({ handler } = (await import('../../lambdas/member-sweep')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks, MEMBER);
    sts.on(AssumeRoleCommand).resolves(assumed);
    sts.on(GetCallerIdentityCommand).resolves({ Account: MEMBER, Arn: assumed.AssumedRoleUser.Arn, UserId: assumed.AssumedRoleUser.AssumedRoleId });
    iam.on(GetAccountAuthorizationDetailsCommand).resolves(gaad);
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(`${HEADER}\n`), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-11-20T05:00:00Z') });
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
  });

  it('assumes the member role with the external id before reading anything', async () => {
    await handler(item, lambdaContext('tally-member-sweep'));
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: ROLE_ARN, RoleSessionName: 'tally-exec-1', ExternalId: 'tally-org-test', DurationSeconds: 3600 },
    ]);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.calledBefore(iam.commandCalls(GetAccountAuthorizationDetailsCommand)[0]!)).toBe(true);
  });

  it('sweeps the member account against its own approvals only and reports the summary, with every AWS call of the run, AssumeRole included', async () => {
    db.received.length = 0;
    const summary = await handler(item, lambdaContext('tally-member-sweep'));
    const calls = receivedCalls(mocks, db.received);
    expect(calls).toMatchObject({ 'sts:AssumeRole': 1 });
    // The member account is the item's (the role assumed is in it): STS is not asked which account it is.
    expect(calls['sts:GetCallerIdentity']).toBeUndefined();
    // Bob's approval is in another account: filtered out, it cannot read as "not provisioned" here.
    expect(summary).toEqual({
      accountId: MEMBER,
      findings: { RECONCILED: 1, UNAPPROVED_ENTITLEMENT: 2 },
      incomplete: [],
      invalidApprovals: 0,
      withheld: 0,
      calls: Object.values(calls).reduce((a, b) => a + b, 0),
      callsByOperation: calls,
      phases: { readMs: expect.any(Number), reconcileMs: expect.any(Number), publishMs: expect.any(Number), actMs: expect.any(Number) },
      deactivated: 0,
      closedByAction: 0,
      blocked: { count: 0, byReason: {} },
      undelivered: { securityHub: 0, events: 0, evidence: 0, keyActions: 0 },
    });
  });

  it('imports the findings with the member role into the member’s own Security Hub product', async () => {
    // A new shadow admin: findings the ledger has not seen yet, so they are imported in this run.
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ ...gaad, UserDetailList: [...gaad.UserDetailList, { ...gaad.UserDetailList[1]!, UserName: 'temp-admin-2', Arn: `arn:aws:iam::${MEMBER}:user/temp-admin-2` }] });
    await handler({ ...item, runId: 'exec-2' }, lambdaContext('tally-member-sweep'));
    const calls = sh.commandCalls(BatchImportFindingsCommand);
    const findings = calls.flatMap((c) => c.args[0].input.Findings ?? []);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.AwsAccountId).toBe(MEMBER);
      expect(f.ProductArn).toBe(`arn:aws:securityhub:us-east-1:${MEMBER}:product/${MEMBER}/default`);
    }
    for (const c of calls) expect(await credentialsOf(c)).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' });
  });

  it('reads IAM and Secrets Manager with the assumed credentials, and publishes events with its own', async () => {
    await handler({ ...item, runId: 'exec-3' }, lambdaContext('tally-member-sweep'));
    for (const c of [...iam.commandCalls(GetAccountAuthorizationDetailsCommand), ...sm.commandCalls(ListSecretsCommand), ...sts.commandCalls(GetCallerIdentityCommand)]) {
      expect(await credentialsOf(c)).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' });
    }
    const [assume] = sts.commandCalls(AssumeRoleCommand);
    expect(await credentialsOf(assume!)).toMatchObject({ accessKeyId: 'local' });
    const events = eb.commandCalls(PutEventsCommand);
    expect(events.length).toBeGreaterThan(0);
    for (const c of events) expect(await credentialsOf(c)).toMatchObject({ accessKeyId: 'local' });
    const accounts = events.flatMap((c) => c.args[0].input.Entries ?? []).map((e) => (JSON.parse(e.Detail!) as { finding?: { accountId?: string } }).finding?.accountId);
    expect(accounts.filter(Boolean).every((a) => a === MEMBER)).toBe(true);
  });

  it('writes evidence onto the member’s approval in the central table, and never onto another account’s', async () => {
    await handler({ ...item, runId: 'exec-4' }, lambdaContext('tally-member-sweep'));
    const all = (await new ApprovalStore(db.doc, 'approvals').listAll()).approvals;
    const of = (who: string) => all.find((s) => s.approval.principal.endsWith(`:user/${who}`))!;
    expect(of('alice').approval.verifiedAt).toBeDefined();
    expect(of('bob').approval.verifiedAt).toBeUndefined();
  });

  it('fails the account with a MemberAccessError naming it when AssumeRole is denied, before any read', async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error(`User: arn:aws:sts::999988887777:assumed-role/TallyMemberSweep/fn is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`), { name: 'AccessDenied', $fault: 'client' }),
    );
    const error = await handler(item, lambdaContext('tally-member-sweep')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MemberAccessError', accountId: MEMBER, roleArn: ROLE_ARN });
    expect((error as Error).message).toContain(`account ${MEMBER}: cannot assume ${ROLE_ARN} (AccessDenied`);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toEqual([]);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toEqual([]);
  });

  it('fails an item that is not the state machine’s, naming the field', async () => {
    await expect(handler({ accountId: '1234', runId: 'x' }, lambdaContext('tally-member-sweep'))).rejects.toMatchObject({ name: 'MemberEventError', message: expect.stringContaining('accountId') });
    expect(sts.commandCalls(AssumeRoleCommand)).toEqual([]);
  });
});
