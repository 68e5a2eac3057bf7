import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../lib/constructs/permissions';
import { actionsOf, resources, statementsByRole, synth, type Synth } from './synth';

describe('EvidenceExport (evidenceBucket: true)', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ reconciler: { evidenceBucket: true } });
  });

  it('adds nothing when evidenceBucket is left at its default', () => {
    const plain = synth();
    expect(resources(plain.template, 'AWS::S3::Bucket')).toEqual([]);
    expect(resources(plain.template, 'AWS::KMS::Key').filter(([, r]) => (r.Properties as any).KeyUsage === 'SIGN_VERIFY')).toEqual([]);
  });

  it('makes a versioned, encrypted, private, access-logged bucket with SSL enforced when evidenceBucket is true', () => {
    const evidence = s.stack.reconciler.evidence!;
    const [, bucket] = resources(s.template, 'AWS::S3::Bucket').find(([id]) => id === s.stack.getLogicalId(evidence.bucket.node.defaultChild as never))!;
    const p = bucket.Properties as any;
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.LoggingConfiguration.LogFilePrefix).toBe('evidence/');
    const policies = resources(s.template, 'AWS::S3::BucketPolicy').map(([, r]) => JSON.stringify(r.Properties));
    expect(policies.some((text) => text.includes('"aws:SecureTransport":"false"'))).toBe(true);
  });

  it('signs with an ECC_NIST_P256 SIGN_VERIFY key and grants the export only Scan, kms:Sign, PutObject and its platform needs', () => {
    const keys = resources(s.template, 'AWS::KMS::Key').map(([, r]) => r.Properties as any).filter((p) => p.KeyUsage === 'SIGN_VERIFY');
    expect(keys).toHaveLength(1);
    expect(keys[0].KeySpec).toBe('ECC_NIST_P256');
    const role = s.stack.getLogicalId(s.stack.reconciler.evidence!.export.role.node.defaultChild as never);
    const granted = new Set(statementsByRole(s.template).get(role)!.flatMap(actionsOf));
    const { scan, get, evidence } = PERMISSIONS.approvalStore.actions;
    expect([...granted].sort()).toEqual(
      [...new Set(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'sqs:SendMessage', ...scan, ...get, ...evidence, 'kms:Sign', 's3:PutObject'])].sort(),
    );
    expect(granted.has('kms:Verify')).toBe(false);
  });

  it('reports nothing unacknowledged to cdk-nag when evidenceBucket is true', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
