import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synth, type Synth } from './synth';

/** Every acknowledgement recorded in the tree: construct path, rule id, reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))),
  );
}

const variants: [string, () => Synth][] = [
  ['report mode in us-east-1', () => synth()],
  ['enforce mode in eu-west-1', () => synth({ region: 'eu-west-1', reconciler: { mode: 'enforce' } })],
  ['revocation enforce mode in us-east-1', () => synth({ reconciler: { mode: 'enforce', revocation: 'enforce' } })],
  ['an environment-agnostic stack', () => synth({ region: null })],
  ['a customer managed table key, an existing bus and an alarm email', () =>
    synth({ tableKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', eventBusName: 'tickets', alarmEmail: 'sec@example.com' })],
];

describe('cdk-nag AwsSolutions', () => {
  it.each(variants)('reports nothing unacknowledged for %s', (_name, make) => {
    const { app } = make();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it.each(variants)('gives every acknowledgement a reason for %s', (_name, make) => {
    const acks = acknowledgements(make().app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(typeof a.reason, `${a.path} ${a.id}`).toBe('string');
      expect((a.reason as string).length, `${a.path} ${a.id}`).toBeGreaterThan(30);
    }
  });

  it('acknowledges only wildcard resources of the account’s own entities, X-Ray and the stream DLQ', () => {
    const ids = [...new Set(acknowledgements(synth({ reconciler: { mode: 'enforce' } }).app).map((a) => a.id))].sort();
    expect(ids).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:aws:iam::123456789012:group/*]',
        'AwsSolutions-IAM5[Resource::arn:aws:iam::123456789012:role/*]',
        'AwsSolutions-IAM5[Resource::arn:aws:iam::123456789012:user/*]',
        'AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:us-east-1:123456789012:secret:*]',
        'AwsSolutions-SQS3',
      ].sort(),
    );
  });

  it('still finds violations when a rule is not acknowledged (the check runs)', () => {
    const { app, stack } = synth();
    // The same tree without the acknowledgements: strip the metadata, then check again.
    for (const c of stack.node.findAll()) {
      const kept = c.node.metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      (c.node as unknown as { _metadata: unknown[] })._metadata = kept;
    }
    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-IAM5[Resource::*]');
    expect(rules).toContain('AwsSolutions-SQS3');
  });
});
