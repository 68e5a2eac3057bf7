import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CallCounter } from '../../lib/aws/call-counter';
import { readLambdaConfig } from '../../lib/config/lambda-config';
import { sweepSettings } from '../../lib/lambda-support/sweep-settings';

const NAME = '/tally/prod/enforcement-paused';
const ssmMock = mockClient(SSMClient);
const ssm = new SSMClient({ region: 'us-east-1' });
const env = { TALLY_APPROVALS_TABLE: 'a', TALLY_LEDGER_TABLE: 'l', TALLY_AUDIT_TABLE: 'u', AWS_REGION: 'us-east-1', TALLY_MODE: 'enforce' };
const run = () => ({ runId: 'run-1', now: new Date('2026-11-20T06:00:00Z'), approvals: { kind: 'records' as const, approvals: [] }, actor: 'test', calls: new CallCounter() });
const parameter = (value: string) => ({ Parameter: { Name: NAME, Type: 'String' as const, Value: value, Version: 1, DataType: 'text' } });

beforeEach(() => ssmMock.reset());

describe('sweepSettings', () => {
  it('reads the kill switch parameter before every write when it is paused during a run', async () => {
    ssmMock.on(GetParameterCommand).resolvesOnce(parameter('false')).resolves(parameter('true'));
    const settings = sweepSettings(readLambdaConfig({ ...env, TALLY_KILL_SWITCH_PARAMETER: NAME }), run(), ssm);
    const paused = settings.keyExpiry!.paused;
    expect([await paused(), await paused()]).toEqual([false, true]);
    expect(ssmMock.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name)).toEqual([NAME, NAME]);
  });

  it('counts each kill switch read as an AWS call of the run when key expiry reads it', async () => {
    ssmMock.on(GetParameterCommand).resolves(parameter('false'));
    const r = run();
    const settings = sweepSettings(readLambdaConfig({ ...env, TALLY_KILL_SWITCH_PARAMETER: NAME }), r, ssm);
    await settings.keyExpiry!.paused();
    await settings.keyExpiry!.paused();
    expect(r.calls.byAction()).toEqual({ 'ssm:GetParameter': ssmMock.commandCalls(GetParameterCommand).length });
    expect(settings.calls).toBe(r.calls);
  });

  it('counts every write as paused when no kill switch parameter is configured', async () => {
    const settings = sweepSettings(readLambdaConfig(env), run(), ssm);
    await expect(Promise.resolve().then(() => settings.keyExpiry!.paused())).rejects.toThrow(/TALLY_KILL_SWITCH_PARAMETER/);
  });
});
