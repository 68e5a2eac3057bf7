import { describe, expect, it } from 'vitest';
import { LAMBDA_ENV } from '../../lib/config/lambda-config';
import { actionsOf, resources, resourcesOf, statementsByRole, synth } from './synth';

const envOf = (s: ReturnType<typeof synth>, fn: 'sweep' | 'cloudTrailEvents' | 'approvalStream') =>
  (s.template.toJSON().Resources[s.stack.getLogicalId(s.stack.reconciler[fn].function.node.defaultChild as never)].Properties.Environment.Variables) as Record<string, unknown>;

describe('AccessReconciler settings', () => {
  it('validates the policy at synth and passes it whole, with the exempt tag, to every function', () => {
    const s = synth({ reconciler: { policy: { standard: { accessKeyMaxAgeDays: 60 } }, exemptTag: 'sec:exempt' } });
    for (const fn of ['sweep', 'cloudTrailEvents', 'approvalStream'] as const) {
      const policy = JSON.parse(envOf(s, fn)[LAMBDA_ENV.policy] as string);
      expect(policy.standard.accessKeyMaxAgeDays).toBe(60);
      expect(policy.standard.accessKeyUnusedDays).toBe(45);
      expect(policy.exemptTag).toBe('sec:exempt');
    }
  });

  it('passes secretRegions to the sweep and grants ListSecretVersionIds on secrets of those regions only when they are set', () => {
    const s = synth({ reconciler: { secretRegions: ['us-east-1', 'ap-east-1'] } });
    expect(envOf(s, 'sweep')[LAMBDA_ENV.secretRegions]).toBe('us-east-1,ap-east-1');
    expect(envOf(s, 'cloudTrailEvents')[LAMBDA_ENV.secretRegions]).toBeUndefined();
    const sweepRole = s.stack.getLogicalId(s.stack.reconciler.sweep.role.node.defaultChild as never);
    const versions = statementsByRole(s.template).get(sweepRole)!.filter((st) => actionsOf(st).includes('secretsmanager:ListSecretVersionIds'));
    const granted = JSON.stringify(versions.flatMap(resourcesOf));
    for (const region of ['us-east-1', 'ap-east-1']) expect(granted).toContain(`:secretsmanager:${region}:123456789012:secret:*`);
    expect(versions.flatMap(resourcesOf)).toHaveLength(2);
  });

  it('refuses secretRegions that are not region names at synth', () => {
    expect(() => synth({ reconciler: { secretRegions: ['us-east-1', 'europe'] } })).toThrow(/secretRegions must name AWS regions/);
  });

  it('refuses a bad policy at synth, naming the field', () => {
    expect(() => synth({ reconciler: { policy: { standard: { accessKeyMaxAgeDays: -1 } } } })).toThrow(/standard\.accessKeyMaxAgeDays/);
  });

  it('passes enforce mode, the cap, the grace and break-glass principals to the sweep', () => {
    const s = synth({ reconciler: { mode: 'enforce', maxDeactivations: 3, actionGraceDays: 14, breakGlass: ['arn:aws:iam::123456789012:user/bg', 'ops'], enforcementPaused: true } });
    expect(envOf(s, 'sweep')).toMatchObject({
      [LAMBDA_ENV.mode]: 'enforce',
      [LAMBDA_ENV.maxDeactivations]: '3',
      [LAMBDA_ENV.actionGraceDays]: '14',
      [LAMBDA_ENV.breakGlass]: 'arn:aws:iam::123456789012:user/bg,ops',
    });
  });

  it('creates the kill switch as an SSM parameter the sweep reads live, with its initial value, when enforcementPaused is set', () => {
    const s = synth({ reconciler: { mode: 'enforce', enforcementPaused: true } });
    const parameters = resources(s.template, 'AWS::SSM::Parameter');
    expect(parameters).toHaveLength(1);
    const [id, parameter] = parameters[0]!;
    expect(parameter?.Properties).toMatchObject({ Name: '/tally/Tally/enforcement-paused', Type: 'String', Value: 'true', AllowedPattern: '^(true|false)$' });
    expect(envOf(s, 'sweep')[LAMBDA_ENV.killSwitchParameter]).toEqual({ Ref: id });
    expect(envOf(s, 'cloudTrailEvents')[LAMBDA_ENV.killSwitchParameter]).toBeUndefined();
    expect(envOf(s, 'sweep')).not.toHaveProperty('TALLY_ENFORCEMENT_PAUSED');
    const sweepRole = s.stack.getLogicalId(s.stack.reconciler.sweep.role.node.defaultChild as never);
    const reads = (statementsByRole(s.template).get(sweepRole) ?? []).filter((st) => actionsOf(st).includes('ssm:GetParameter'));
    expect(reads.map((st) => [actionsOf(st), resourcesOf(st)])).toEqual([
      [['ssm:GetParameter'], [{ 'Fn::Join': ['', ['arn:aws:ssm:us-east-1:123456789012:parameter', { Ref: id }]] }]],
    ]);
  });

  it('runs one scheduled sweep at a time when a schedule, its retries or a manual invoke overlap', () => {
    const s = synth({ reconciler: { mode: 'enforce' } });
    const props = (fn: 'sweep' | 'cloudTrailEvents') => s.template.toJSON().Resources[s.stack.getLogicalId(s.stack.reconciler[fn].function.node.defaultChild as never)].Properties;
    expect(props('sweep').ReservedConcurrentExecutions).toBe(1);
    expect(props('cloudTrailEvents').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('publishes to an existing bus by name instead of creating one', () => {
    const s = synth({ eventBusName: 'tickets' });
    expect(resources(s.template, 'AWS::Events::EventBus')).toEqual([]);
    expect(envOf(s, 'sweep')[LAMBDA_ENV.eventBus]).toBe('tickets');
  });

  it('turns Security Hub off in the functions’ configuration', () => {
    const s = synth({ reconciler: { securityHub: false } });
    expect(envOf(s, 'cloudTrailEvents')[LAMBDA_ENV.securityHub]).toBe('false');
  });
});

describe('AccessReconciler enforce mode', () => {
  it('refuses enforce mode without Security Hub, whose ledger dates findings for the grace period', async () => {
    const { App, Stack } = await import('aws-cdk-lib');
    const { AccessReconciler } = await import('../../lib/constructs/access-reconciler');
    const { TallyTables } = await import('../../lib/constructs/tally-tables');
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new AccessReconciler(stack, 'R', { tables: new TallyTables(stack, 'T'), mode: 'enforce', securityHub: false })).toThrow(/needs securityHub/);
  });
});
