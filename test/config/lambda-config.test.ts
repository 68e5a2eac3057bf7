import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config/env';
import { readLambdaConfig } from '../../lib/config/lambda-config';

const base = { TALLY_APPROVALS_TABLE: 'a', TALLY_LEDGER_TABLE: 'l', TALLY_AUDIT_TABLE: 'u', AWS_REGION: 'us-east-1' };

describe('readLambdaConfig', () => {
  it('defaults to report mode with Security Hub on and the default policy', () => {
    const c = readLambdaConfig(base);
    expect(c).toMatchObject({ mode: 'report', securityHub: true, maxDeactivations: 10, actionGraceDays: 7, breakGlass: [] });
    expect(c.killSwitchParameter).toBeUndefined();
    expect(c.policy.standard.accessKeyMaxAgeDays).toBe(90);
  });

  it('reads the regions the sweep reads secrets in when TALLY_SECRET_REGIONS lists them', () => {
    expect(readLambdaConfig({ ...base, TALLY_SECRET_REGIONS: 'us-east-1, eu-west-1' }).secretRegions).toEqual(['us-east-1', 'eu-west-1']);
    expect(readLambdaConfig(base).secretRegions).toBeUndefined();
  });

  it('names TALLY_SECRET_REGIONS when it holds something that is not a region', () => {
    expect(() => readLambdaConfig({ ...base, TALLY_SECRET_REGIONS: 'us-east-1,eu-west' })).toThrow(/TALLY_SECRET_REGIONS.*AWS region names/);
  });

  it('reads enforce mode, break-glass principals, the kill switch parameter and a policy', () => {
    const c = readLambdaConfig({
      ...base,
      TALLY_MODE: 'enforce',
      TALLY_BREAK_GLASS: 'arn:aws:iam::123456789012:user/breakglass, ops-admin',
      TALLY_KILL_SWITCH_PARAMETER: '/tally/prod/enforcement-paused',
      TALLY_POLICY: '{"standard":{"accessKeyMaxAgeDays":60}}',
    });
    expect(c).toMatchObject({ mode: 'enforce', breakGlass: ['arn:aws:iam::123456789012:user/breakglass', 'ops-admin'], killSwitchParameter: '/tally/prod/enforcement-paused' });
    expect(c.policy.standard.accessKeyMaxAgeDays).toBe(60);
  });

  it.each([
    [{ TALLY_LEDGER_TABLE: 'l', TALLY_AUDIT_TABLE: 'u' }, 'TALLY_APPROVALS_TABLE'],
    [{ ...base, TALLY_MODE: 'destroy' }, 'TALLY_MODE'],
    [{ ...base, TALLY_POLICY: '{"standard":{"nope":1}}' }, 'TALLY_POLICY'],
    [{ ...base, TALLY_MAX_DEACTIVATIONS: '-1' }, 'TALLY_MAX_DEACTIVATIONS'],
    [{ ...base, TALLY_KILL_SWITCH_PARAMETER: 'not a parameter name' }, 'TALLY_KILL_SWITCH_PARAMETER'],
  ])('names the variable when it is missing or bad (%j)', (env, variable) => {
    expect(() => readLambdaConfig(env)).toThrow(ConfigError);
    expect(() => readLambdaConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
