import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { readLambdaConfig } from '../../lib/config/lambda-config';
import { lambdaClients } from '../../lib/lambda-support/clients';
import { lazySecurityHub } from '../../lib/lambda-support/security-hub-sink';
import { SecurityHubSink } from '../../lib/sinks/security-hub';
import { awsMocks } from '../support/aws-mocks';

const ENV = { AWS_REGION: 'us-east-1', TALLY_APPROVALS_TABLE: 'approvals', TALLY_LEDGER_TABLE: 'ledger', TALLY_AUDIT_TABLE: 'audit' };
const IDENTITY = { Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/tally/test', UserId: 'AROAEXAMPLE:test' };
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

describe('lazySecurityHub', () => {
  const { sts } = awsMocks();
  const config = readLambdaConfig(ENV);
  beforeEach(() => sts.reset());

  it('builds the sink on the next call when the first STS call failed', async () => {
    sts.on(GetCallerIdentityCommand).rejectsOnce(throttled()).resolves(IDENTITY);
    const securityHub = lazySecurityHub(config, lambdaClients(config));
    await expect(securityHub()).rejects.toThrow('Rate exceeded');
    await expect(securityHub()).resolves.toBeInstanceOf(SecurityHubSink);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  it('asks STS once when the first call succeeds, concurrent callers included', async () => {
    sts.on(GetCallerIdentityCommand).resolves(IDENTITY);
    const securityHub = lazySecurityHub(config, lambdaClients(config));
    const [a, b] = await Promise.all([securityHub(), securityHub()]);
    expect(a).toBe(b);
    expect(await securityHub()).toBe(a);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it('builds the sink without asking STS when the caller knows the account', async () => {
    const securityHub = lazySecurityHub(config, lambdaClients(config));
    await expect(securityHub('123456789012')).resolves.toBeInstanceOf(SecurityHubSink);
    await expect(securityHub('123456789012')).resolves.toBeInstanceOf(SecurityHubSink);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it('gives no sink and asks nothing when Security Hub is switched off', async () => {
    const off = readLambdaConfig({ ...ENV, TALLY_SECURITY_HUB: 'off' });
    await expect(lazySecurityHub(off, lambdaClients(off))()).resolves.toBeUndefined();
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});
