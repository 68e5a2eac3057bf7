import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { TallyStack } from '../../lib/constructs/tally-stack';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';
import { NO_PERMISSION_REQUIRED, PERMISSIONS } from '../../lib/constructs/permissions';
import { importClosure, sdkActions } from './sdk-calls';
import { actionsOf, logicalId, resources, resourcesOf, statementsByRole, synth, type Synth } from './synth';

const mapping = JSON.parse(readFileSync(join(PROJECT_ROOT, 'examples/intake/jira-mapping.json'), 'utf8')) as Record<string, unknown>;
const withIntake = (): Synth => synth({ reconciler: { intake: { webhook: { mapping } } } });

const roleOf = (s: Synth, fn: 'function' | 'webhook') => {
  const intake = s.stack.reconciler.intake!;
  const tf = fn === 'function' ? intake.function : intake.webhook!.function;
  return logicalId(s.stack, tf.role);
};
const grantedTo = (s: Synth, fn: 'function' | 'webhook') => statementsByRole(s.template).get(roleOf(s, fn)) ?? [];

describe('ApprovalIntake', () => {
  it('adds nothing when intake is not set', () => {
    expect(synth().stack.reconciler.intake).toBeUndefined();
    expect(resources(synth().template, 'AWS::Lambda::Url')).toEqual([]);
  });

  it('takes the four intake detail-types of the intake source only, never Tally’s own events', () => {
    const s = withIntake();
    const [[, rule]] = resources(s.template, 'AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties).includes('Tally Approval Granted')) as [[string, any]];
    expect(rule.Properties.EventPattern).toEqual({
      source: ['tally.intake'],
      'detail-type': ['Tally Approval Granted', 'Tally Approval Amended', 'Tally Approval Revoked', 'Tally Approval Recertified'],
    });
    const [target] = rule.Properties.Targets;
    expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [logicalId(s.stack, s.stack.reconciler.intake!.deadLetterQueue), 'Arn'] });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 });
  });

  it('refuses tally as the intake source', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new TallyStack(app, 'T', { reconciler: { intake: { source: 'tally' } } })).toThrow(/Tally's own events/);
  });

  it('grants the intake functions GetItem and PutItem on the approvals table, and the webhook its one secret', () => {
    const s = withIntake();
    const approvals = logicalId(s.stack, s.stack.tables.approvals);
    for (const fn of ['function', 'webhook'] as const) {
      const onTable = grantedTo(s, fn).filter((st) => JSON.stringify(st.Resource).includes(`"${approvals}"`));
      expect(onTable.map((st) => actionsOf(st).sort())).toEqual([[...PERMISSIONS.approvalIntake.actions.write].sort()]);
      expect(JSON.stringify(onTable[0]!.Resource)).not.toContain('/index/');
    }
    const secretReads = grantedTo(s, 'webhook').filter((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'));
    expect(secretReads.map(resourcesOf)).toEqual([[{ Ref: logicalId(s.stack, s.stack.reconciler.intake!.webhook!.secret) }]]);
    expect(grantedTo(s, 'function').some((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'))).toBe(false);
  });

  it.each([['function', 'lambdas/approval-intake.ts'], ['webhook', 'lambdas/approval-webhook.ts']] as const)('grants the intake %s every AWS call its code can make', (fn, entry) => {
    const s = withIntake();
    const has = new Set(grantedTo(s, fn).flatMap(actionsOf));
    const calls = new Set(importClosure(join(PROJECT_ROOT, entry)).flatMap(sdkActions));
    // The webhook's handler imports the same modules; only the webhook reads the secret.
    const notNeeded = new Set([...NO_PERMISSION_REQUIRED, ...(fn === 'function' ? ['secretsmanager:GetSecretValue'] : [])]);
    expect([...calls].filter((a) => !notNeeded.has(a) && !has.has(a))).toEqual([]);
  });

  it('serves the webhook on a function URL without IAM auth, with a generated secret and capped concurrency', () => {
    const s = withIntake();
    const [[, url]] = resources(s.template, 'AWS::Lambda::Url') as [[string, any]];
    expect(url.Properties.AuthType).toBe('NONE');
    const [[, secret]] = resources(s.template, 'AWS::SecretsManager::Secret') as [[string, any]];
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    const fn = s.template.toJSON().Resources[logicalId(s.stack, s.stack.reconciler.intake!.webhook!.function.function)];
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(JSON.parse(fn.Properties.Environment.Variables.TALLY_WEBHOOK_MAPPING)).toMatchObject({ version: '$.timestamp' });
  });

  it('reports nothing unacknowledged to cdk-nag with intake and webhook on', () => {
    const report = new AwsSolutionsChecks().validateScope(withIntake().app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('alarms on the intake dead-letter queue, both functions and rejected changes', () => {
    const alarms = resources(withIntake().template, 'AWS::CloudWatch::Alarm').map(([id]) => id).filter((id) => id.includes('Intake'));
    expect(alarms.length).toBe(4);
  });
});
