import { describe, expect, it } from 'vitest';
import { ContextError, stackPropsFromContext } from '../../lib/constructs/app-context';

const from = (ctx: Record<string, unknown>, env: { account?: string; region?: string } = {}) => stackPropsFromContext((k) => ctx[k], env);

describe('stackPropsFromContext', () => {
  it('defaults to a report-mode stack named Tally in the CLI’s account and region', () => {
    const { stackName, props } = from({}, { account: '123456789012', region: 'us-east-1' });
    expect(stackName).toBe('Tally');
    expect(props.env).toEqual({ account: '123456789012', region: 'us-east-1' });
    expect(props.reconciler).toEqual({ mode: 'report' });
  });

  it('reads -c strings: booleans, numbers, lists, JSON policy, schedule', () => {
    const { props } = from({
      mode: 'enforce',
      revocation: 'enforce',
      maxRevocations: '3',
      reviews: 'true',
      schedule: 'cron(0 3 * * ? *)',
      securityHub: 'false',
      iamEvents: 'true',
      maxDeactivations: '5',
      actionGraceDays: '14',
      breakGlass: 'arn:aws:iam::123456789012:user/breakglass, admin-2',
      enforcementPaused: 'true',
      policy: '{"standard":{"accessKeyMaxAgeDays":60}}',
      region: 'eu-west-1',
    });
    expect(props.env).toEqual({ region: 'eu-west-1' });
    expect(props.reconciler).toMatchObject({
      mode: 'enforce',
      revocation: 'enforce',
      maxRevocations: 3,
      reviews: {},
      securityHub: false,
      iamEvents: true,
      maxDeactivations: 5,
      actionGraceDays: 14,
      breakGlass: ['arn:aws:iam::123456789012:user/breakglass', 'admin-2'],
      enforcementPaused: true,
      policy: { standard: { accessKeyMaxAgeDays: 60 } },
    });
    expect(props.reconciler?.schedule?.expressionString).toBe('cron(0 3 * * ? *)');
  });

  it('reads cdk.json values as they are typed', () => {
    const { props } = from({ securityHub: false, maxDeactivations: 3, breakGlass: ['a', 'b'], policy: { exemptTag: 'x' } });
    expect(props.reconciler).toMatchObject({ securityHub: false, maxDeactivations: 3, breakGlass: ['a', 'b'], policy: { exemptTag: 'x' } });
  });

  it.each([
    ['mode', { mode: 'enforcing' }],
    ['revocation', { revocation: 'on' }],
    ['reviews', { reviews: 'daily' }],
    ['schedule', { schedule: 'daily' }],
    ['maxDeactivations', { maxDeactivations: 'ten' }],
    ['securityHub', { securityHub: 'yes' }],
    ['policy', { policy: '{not json' }],
    ['account', { account: '123' }],
  ])('names the bad key %s', (key, ctx) => {
    expect(() => from(ctx)).toThrow(ContextError);
    expect(() => from(ctx)).toThrow(new RegExp(`^context ${key}:`));
  });
});
