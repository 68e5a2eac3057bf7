import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KillSwitchReadError, parameterKillSwitch } from '../../lib/actions/kill-switch';

const NAME = '/tally/prod/enforcement-paused';
const ssmMock = mockClient(SSMClient);
const ssm = new SSMClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/** GetParameter response (SSM API reference: Parameter{Name, Type, Value, Version, LastModifiedDate, ARN, DataType}). */
const parameter = (value: string) => ({
  Parameter: { Name: NAME, Type: 'String' as const, Value: value, Version: 3, LastModifiedDate: new Date('2026-11-20T06:00:00Z'), ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${NAME}`, DataType: 'text' },
});

beforeEach(() => ssmMock.reset());

describe('parameterKillSwitch', () => {
  it('reads the parameter afresh on every call when it is switched between calls', async () => {
    ssmMock.on(GetParameterCommand).resolvesOnce(parameter('false')).resolvesOnce(parameter('true')).resolves(parameter('False'));
    const paused = parameterKillSwitch(ssm, NAME);
    expect([await paused(), await paused(), await paused()]).toEqual([false, true, false]);
    expect(ssmMock.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([{ Name: NAME }, { Name: NAME }, { Name: NAME }]);
  });

  it('throws KillSwitchReadError (counted as on) when the parameter is missing or holds neither true nor false', async () => {
    ssmMock.on(GetParameterCommand).rejectsOnce(Object.assign(new Error('Parameter /tally/prod/enforcement-paused not found.'), { name: 'ParameterNotFound' })).resolves(parameter('paused'));
    const paused = parameterKillSwitch(ssm, NAME);
    await expect(paused()).rejects.toThrow(/GetParameter failed: ParameterNotFound/);
    await expect(paused()).rejects.toBeInstanceOf(KillSwitchReadError);
  });
});
