import { readFileSync } from 'node:fs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signWebhook } from '../../lib/intake/webhook-signature';
import { acceptingSinks, awsMocks } from '../support/aws-mocks';
import type { LocalDynamo } from '../support/dynalite';
import { lambdaContext, lambdaEnvironment } from '../support/lambda-env';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tally/intake-webhook-AbCdEf';
const SECRET = 'x7Jq2vR9pL4mN8sT1wZ5yB3cF6hK0dG2';
const NOW = new Date('2026-11-20T09:15:00.000Z');
const mapping = readFileSync(new URL('../../examples/intake/servicenow-mapping.json', import.meta.url), 'utf8');
const ritm = JSON.parse(readFileSync(new URL('../../examples/intake/servicenow-ritm.json', import.meta.url), 'utf8')) as Record<string, unknown>;

type Response = { statusCode: number; body: string };

describe('lambdas/approval-webhook', () => {
  const mocks = awsMocks();
  let db: LocalDynamo;
  let handler: (e: unknown, c: ReturnType<typeof lambdaContext>) => Promise<Response>;
  let calls = 0;

  function request(payload: unknown, options: { secret?: string; at?: Date } = {}) {
    const body = JSON.stringify(payload);
    const ts = String(Math.floor((options.at ?? NOW).getTime() / 1000));
    return {
      version: '2.0', rawPath: '/', body, isBase64Encoded: false,
      headers: { 'content-type': 'application/json', 'x-tally-timestamp': ts, 'x-tally-signature': signWebhook(options.secret ?? SECRET, body, ts) },
      requestContext: { requestId: `req-${++calls}`, http: { method: 'POST', path: '/' } },
    };
  }
  const invoke = async (e: unknown) => {
    const r = await handler(e, lambdaContext('tally-approval-webhook'));
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> };
  };

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    db = await lambdaEnvironment({ TALLY_WEBHOOK_SECRET: SECRET_ARN, TALLY_WEBHOOK_MAPPING: mapping });
    ({ handler } = (await import('../../lambdas/approval-webhook')) as unknown as { handler: typeof handler });
  });
  afterAll(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    await db.stop();
  });
  beforeEach(() => {
    acceptingSinks(mocks);
    mocks.sm.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ ARN: SECRET_ARN, Name: 'tally/intake-webhook', SecretString: SECRET, VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' });
  });

  it('answers 202 when a signed ServiceNow RITM is applied, and 200 when it comes again', async () => {
    expect(await invoke(request(ritm))).toMatchObject({ status: 202, body: { status: 'applied', intakeVersion: 7 } });
    expect(await invoke(request(ritm))).toMatchObject({ status: 200, body: { status: 'replayed' } });
  });

  it('answers 200 and keeps the newer approval when an older version arrives', async () => {
    const newer = { ...ritm, number: 'RITM0010043', sys_mod_count: '9' };
    expect((await invoke(request(newer))).status).toBe(202);
    expect(await invoke(request({ ...newer, sys_mod_count: '8' }))).toMatchObject({ status: 200, body: { status: 'stale', currentIntakeVersion: 9 } });
  });

  it('answers 401 and writes nothing when the signature is bad or the timestamp stale', async () => {
    const puts = db.received.filter((op) => op === 'PutItem').length;
    expect(await invoke(request({ ...ritm, number: 'RITM0010044' }, { secret: 'wrong' }))).toMatchObject({ status: 401, body: { reason: 'signature does not match' } });
    expect(await invoke(request({ ...ritm, number: 'RITM0010045' }, { at: new Date(NOW.getTime() - 10 * 60_000) }))).toMatchObject({ status: 401 });
    expect(db.received.filter((op) => op === 'PutItem').length).toBe(puts);
  });

  it('answers 400 naming the field, and announces the rejection, when the mapped record is invalid', async () => {
    const bad = { ...ritm, number: 'RITM0010046', variables: { ...(ritm.variables as object), aws_policy_arn: 'deploy-pipeline' } };
    const answer = await invoke(request(bad));
    expect(answer).toMatchObject({ status: 400, body: { field: 'approval.entitlement.policyArn', reason: expect.stringContaining('mapped from $.variables.aws_policy_arn') } });
    const detail = JSON.parse(mocks.eb.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!);
    expect(detail).toMatchObject({ via: 'webhook', field: 'approval.entitlement.policyArn', ticketId: 'RITM0010046' });
  });

  it('answers 400 when the body is not JSON', async () => {
    const body = 'approval=approved';
    const ts = String(Math.floor(NOW.getTime() / 1000));
    const e = { body, headers: { 'x-tally-timestamp': ts, 'x-tally-signature': signWebhook(SECRET, body, ts) }, requestContext: { requestId: 'req-x', http: { method: 'POST' } } };
    expect(await invoke(e)).toEqual({ status: 400, body: { field: 'body', reason: 'not JSON' } });
  });
});
