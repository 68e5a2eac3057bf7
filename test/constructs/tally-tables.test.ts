import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { createTableInput, type TableSpec } from '../../lib/aws/table-spec';
import { IDEMPOTENCY_TABLE } from '../../lib/constructs/idempotency-table';
import { TallyTables } from '../../lib/constructs/tally-tables';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';

function tablesTemplate(props: ConstructorParameters<typeof TallyTables>[2] = {}) {
  const stack = new Stack(new App(), 'T', { env: { account: '123456789012', region: 'eu-west-1' } });
  const tables = new TallyTables(stack, 'Data', props);
  return { stack, tables, template: Template.fromStack(stack) };
}

/** The key design CloudFormation gets, in the shape `createTableInput` gives dynalite. */
function keyDesign(resource: Record<string, unknown>) {
  const attrs = (resource.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]).map((a) => `${a.AttributeName}:${a.AttributeType}`).sort();
  const gsis = ((resource.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown; Projection: unknown }[]).map((g) => ({
    IndexName: g.IndexName,
    KeySchema: g.KeySchema,
    Projection: g.Projection,
  }));
  return { attrs, KeySchema: resource.KeySchema, gsis };
}

function specDesign(spec: TableSpec) {
  const input = createTableInput('x', spec);
  return {
    attrs: (input.AttributeDefinitions ?? []).map((a) => `${a.AttributeName}:${a.AttributeType}`).sort(),
    KeySchema: input.KeySchema,
    gsis: (input.GlobalSecondaryIndexes ?? []).map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })),
  };
}

describe('TallyTables', () => {
  let t: ReturnType<typeof tablesTemplate>;
  beforeAll(() => {
    t = tablesTemplate();
  });

  const cases: [string, keyof Pick<TallyTables, 'approvals' | 'ledger' | 'audit' | 'idempotency'>, TableSpec][] = [
    ['approvals', 'approvals', APPROVAL_TABLE],
    ['ledger', 'ledger', LEDGER_TABLE],
    ['audit', 'audit', AUDIT_TABLE],
    ['idempotency', 'idempotency', IDEMPOTENCY_TABLE],
  ];

  it.each(cases)('builds the %s table from its TableSpec, the key design dynalite gets', (_name, prop, spec) => {
    const resource = t.template.toJSON().Resources[t.stack.getLogicalId(t.tables[prop].node.defaultChild as never)];
    expect(keyDesign(resource.Properties)).toEqual(specDesign(spec));
    const ttl = resource.Properties.TimeToLiveSpecification;
    if (spec.timeToLiveAttribute) expect(ttl).toEqual({ AttributeName: spec.timeToLiveAttribute, Enabled: true });
    else expect(ttl).toBeUndefined();
  });

  it.each(cases)('makes the %s table on-demand, encrypted, recoverable, protected and retained', (_name, prop) => {
    const resource = t.template.toJSON().Resources[t.stack.getLogicalId(t.tables[prop].node.defaultChild as never)];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
    expect(resource.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    // SSE-KMS with the AWS managed key aws/dynamodb: no key id on the replica.
    expect(resource.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(resource.Properties.Replicas[0].SSESpecification).toBeUndefined();
    expect(resource.Properties.Replicas).toEqual([
      expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    ]);
  });

  it('streams new and old images of approvals only', () => {
    const streams = Object.values(t.template.findResources('AWS::DynamoDB::GlobalTable')).map((r) => r.Properties.StreamSpecification);
    expect(streams.filter(Boolean)).toEqual([{ StreamViewType: 'NEW_AND_OLD_IMAGES' }]);
    t.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'approvalKey', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byPrincipal' })],
    });
  });

  it('uses the customer managed key on every table when one is given', () => {
    const stack = new Stack(new App(), 'K', { env: { account: '123456789012', region: 'eu-west-1' } });
    const key = new Key(stack, 'Key');
    new TallyTables(stack, 'Data', { encryptionKey: key });
    const template = Template.fromStack(stack);
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.Replicas[0].SSESpecification.KMSMasterKeyId).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] });
    }
  });

  it('lets a dev stack opt out of retention and protection explicitly', () => {
    const { template } = tablesTemplate({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    for (const table of Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
    }
  });
});
