import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../lib/constructs/permissions';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';
import { importClosure, sdkActions } from './sdk-calls';
import { ACCOUNT, actionsOf, resources, resourcesOf, statementsByRole, synth, type Synth } from './synth';

describe('ReviewCampaigns (reviews: {})', () => {
  let s: Synth;
  const role = () => s.stack.getLogicalId(s.stack.reconciler.reviews!.function.role.node.defaultChild as never);
  const statements = () => statementsByRole(s.template).get(role())!;
  beforeAll(() => {
    s = synth({ reconciler: { reviews: {} } });
  });

  it('adds no review function when reviews is left at its default', () => {
    expect(synth().stack.reconciler.reviews).toBeUndefined();
  });

  it('runs the review function daily on a schedule with its bucket and the bus in its environment', () => {
    const fn = s.stack.reconciler.reviews!.function.function;
    const [, props] = resources(s.template, 'AWS::Lambda::Function').find(([id]) => id === s.stack.getLogicalId(fn.node.defaultChild as never))!;
    const env = (props.Properties as any).Environment.Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TALLY_REVIEW_BUCKET', 'TALLY_EVENT_BUS', 'TALLY_APPROVALS_TABLE', 'TALLY_POLICY']));
    const rules = resources(s.template, 'AWS::Events::Rule').filter(([, r]) => (r.Properties as any).Description === 'Tally: review campaigns');
    expect(rules.map(([, r]) => (r.Properties as any).ScheduleExpression)).toEqual(['rate(1 day)']);
  });

  it('grants the review function what its path calls and nothing of the sweep’s writes', () => {
    const granted = new Set(statements().flatMap(actionsOf));
    const { accountInventory, accessAnalyzer, reviewCampaigns, approvalStore, approvalIntake, eventBridge } = PERMISSIONS;
    const expected = [
      ...Object.values(accountInventory.actions).flat(), ...Object.values(accessAnalyzer.actions).flat(), ...Object.values(reviewCampaigns.actions).flat(),
      ...approvalStore.actions.scan, ...approvalIntake.actions.write, ...eventBridge.actions.publish,
      'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'sqs:SendMessage',
    ];
    expect([...granted].sort()).toEqual([...new Set(expected)].sort());
    // Every call its own modules make (the review modules, Access Analyzer, the intake write) is granted.
    const own = importClosure(join(PROJECT_ROOT, 'lambdas/review-campaign.ts')).filter((f) => f.includes('/lib/review/') || f.endsWith('intake-store.ts'));
    expect(own.flatMap(sdkActions).filter((a) => !granted.has(a))).toEqual([]);
  });

  it('scopes S3 to reviews/ of its bucket, ListBucket to the bucket, and findings reads to the account’s analyzers', () => {
    const bucket = s.stack.getLogicalId(s.stack.reconciler.reviews!.bucket.node.defaultChild as never);
    const objects = statements().find((st) => actionsOf(st).includes('s3:PutObject'))!;
    expect(JSON.stringify(objects.Resource)).toContain(bucket);
    expect(JSON.stringify(objects.Resource)).toContain('/reviews/*');
    const list = statements().find((st) => actionsOf(st).includes('s3:ListBucket'))!;
    expect(actionsOf(list)).toEqual(['s3:ListBucket']);
    expect(JSON.stringify(list.Resource)).not.toContain('/*');
    const findings = statements().find((st) => actionsOf(st).includes('access-analyzer:ListFindingsV2'))!;
    expect(resourcesOf(findings)).toEqual([`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/*`]);
  });

  it('reports nothing unacknowledged to cdk-nag when reviews is set', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
