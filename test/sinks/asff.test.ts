import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_TYPES, SEVERITIES, type Finding, type FindingResource } from '../../lib/core/finding';
import { asffFindingSchema, assertValidAsff, isAsffType } from '../../lib/sinks/asff-schema';
import { toAsff, toAsffBatch, truncate, type AsffContext } from '../../lib/sinks/asff';
import { ACCOUNT, NOW, sampleFindings } from './sample-findings';

const ctx: AsffContext = { region: 'eu-west-1' };
const byType = (type: Finding['type']) => sampleFindings().find((f) => f.type === type)!;
const details = (f: Finding) => toAsff(f, ctx).Resources[0]!.Details!;

function hasUndefined(v: unknown): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.some(hasUndefined);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(hasUndefined);
  return false;
}

describe('toAsff', () => {
  it.each(sampleFindings().map((f) => [`${f.type} on ${f.resource.type}`, f] as const))(
    'produces a schema-valid finding when mapping %s',
    (_name, f) => {
      const asff = toAsff(f, ctx);
      expect(() => assertValidAsff(asff)).not.toThrow();
      expect(hasUndefined(asff)).toBe(false);
    },
  );

  it('covers every finding type and resource type when mapping the samples', () => {
    const fs = sampleFindings();
    // DEPROVISIONED is evidence like RECONCILED; its mapping is covered through the demo account (tally-binary).
    expect(new Set(fs.map((f) => f.type))).toEqual(new Set(FINDING_TYPES.filter((t) => t !== 'DEPROVISIONED')));
    expect(new Set(fs.map((f) => f.resource.type))).toEqual(
      new Set(['AwsIamUser', 'AwsIamRole', 'AwsIamGroup', 'AwsIamAccessKey', 'AwsSecretsManagerSecret']),
    );
  });

  it('sets Compliance PASSED when the finding is RECONCILED and FAILED otherwise', () => {
    for (const f of sampleFindings()) {
      expect(toAsff(f, ctx).Compliance?.Status).toBe(f.type === 'RECONCILED' ? 'PASSED' : 'FAILED');
    }
    expect(toAsff(byType('RECONCILED'), ctx).Severity.Label).toBe('INFORMATIONAL');
  });

  it('keeps Id equal to finding.id and the output identical when mapped twice', () => {
    const f = byType('STALE_ACCESS_KEY');
    expect(toAsff(f, ctx).Id).toBe(f.id);
    expect(JSON.stringify(toAsff(f, ctx))).toBe(JSON.stringify(toAsff(structuredClone(f), ctx)));
  });

  it('uses the default product ARN, partition and generator when the context gives none', () => {
    const asff = toAsff(byType('UNUSED_ROLE'), ctx);
    expect(asff.ProductArn).toBe(`arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(asff.GeneratorId).toBe('tally/UNUSED_ROLE');
    expect(asff.SchemaVersion).toBe('2018-10-08');
    expect(asff.AwsAccountId).toBe(ACCOUNT);
    expect(asff.Resources[0]).toMatchObject({ Partition: 'aws', Region: 'eu-west-1' });
  });

  it('uses the context product ARN, partition and generator prefix when given', () => {
    const custom = { region: 'us-gov-west-1', partition: 'aws-us-gov', productArn: `arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT}:product/${ACCOUNT}/default`, generatorId: 'acme-tally' };
    const asff = toAsff(byType('UNUSED_ROLE'), custom);
    expect(asff.ProductArn).toBe(custom.productArn);
    expect(asff.GeneratorId).toBe('acme-tally/UNUSED_ROLE');
    expect(asff.Resources[0]).toMatchObject({ Partition: 'aws-us-gov', Region: 'us-gov-west-1' });
    expect(() => assertValidAsff(asff)).not.toThrow();
  });

  it('sets CreatedAt, UpdatedAt and LastObservedAt to detectedAt when mapping', () => {
    const asff = toAsff(byType('SECRET_UNUSED'), ctx);
    expect([asff.CreatedAt, asff.UpdatedAt, asff.LastObservedAt]).toEqual([NOW, NOW, NOW]);
  });

  it('fills AwsIamAccessKey details when the resource is an access key with a key id', () => {
    const asff = toAsff(byType('STALE_ACCESS_KEY'), ctx);
    expect(asff.Resources[0]).toMatchObject({ Type: 'AwsIamAccessKey', Id: 'arn:aws:iam::123456789012:user/service/svc-billing-export/access-key/AKIAIOSFODNN7EXAMPLE' });
    expect(asff.Resources[0]!.Details).toEqual({
      AwsIamAccessKey: { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', AccountId: ACCOUNT, PrincipalName: 'svc-billing-export', PrincipalType: 'IAMUser', Status: 'Active', CreatedAt: '2026-03-04T09:12:44.000Z' },
    });
  });

  it('omits AccessKeyId when the key is named by its slot', () => {
    const key = details(byType('UNUSED_ACCESS_KEY')).AwsIamAccessKey!;
    expect(key).not.toHaveProperty('AccessKeyId');
    expect(key.PrincipalName).toBe('svc-billing-export');
  });

  it('reports the root user as PrincipalType Root when the key belongs to root', () => {
    const root = sampleFindings().find((f) => f.control === 'IAM.4')!;
    expect(details(root).AwsIamAccessKey).toMatchObject({ PrincipalName: 'root', PrincipalType: 'Root' });
  });

  it('fills user, role, group and secret details when the resource is one of them', () => {
    expect(details(byType('EXPIRED_APPROVAL_ACTIVE'))).toEqual({ AwsIamUser: { UserName: 'svc-billing-export', Path: '/service/' } });
    expect(details(byType('UNUSED_ROLE'))).toEqual({ AwsIamRole: { RoleName: 'deploy', Path: '/' } });
    expect(details(byType('UNAPPROVED_ENTITLEMENT'))).toEqual({ AwsIamGroup: { GroupName: 'admins', Path: '/' } });
    expect(details(byType('SECRET_NOT_ROTATED'))).toEqual({ AwsSecretsManagerSecret: { Name: 'prod/db', RotationEnabled: false } });
    expect(details(byType('SECRET_UNUSED'))).toEqual({ AwsSecretsManagerSecret: { Name: 'prod/db' } });
  });

  it('uses the secret ARN region when the resource is a secret and the context region when it is IAM', () => {
    const other = { region: 'us-east-1' };
    expect(toAsff(byType('SECRET_UNUSED'), other).Resources[0]!.Region).toBe('eu-west-1');
    expect(toAsff(byType('UNUSED_ROLE'), other).Resources[0]!.Region).toBe('us-east-1');
  });

  it('keeps only non-blank resource tags when the resource has tags', () => {
    expect(toAsff(byType('UNUSED_ROLE'), ctx).Resources[0]!.Tags).toEqual({ team: 'platform' });
  });

  it('truncates title and description to their limits with an ellipsis when they are too long', () => {
    const f = { ...byType('UNUSED_ROLE'), title: 'T'.repeat(400), summary: 'word '.repeat(400) };
    const asff = toAsff(f, ctx);
    expect(asff.Title).toHaveLength(256);
    expect(asff.Title.endsWith('…')).toBe(true);
    expect(asff.Description.length).toBeLessThanOrEqual(1024);
    expect(asff.Description.endsWith('…')).toBe(true);
    expect(() => assertValidAsff(asff)).not.toThrow();
  });

  it('falls back to the title when the summary is blank', () => {
    const asff = toAsff({ ...byType('UNUSED_ROLE'), summary: '  ' }, ctx);
    expect(asff.Description.startsWith('Role deploy unused for 120 days')).toBe(true);
  });

  it('never sets Workflow or Note and keeps RecordState ACTIVE when mapping any sample', () => {
    for (const f of sampleFindings()) {
      const asff = toAsff(f, ctx);
      expect(asff).not.toHaveProperty('Workflow');
      expect(asff).not.toHaveProperty('Note');
      expect(asff.RecordState).toBe('ACTIVE');
    }
  });

  it('mirrors Severity and Types into FindingProviderFields when mapping any sample', () => {
    for (const f of sampleFindings()) {
      const asff = toAsff(f, ctx);
      expect(asff.FindingProviderFields).toEqual({ Severity: asff.Severity, Types: asff.Types });
      expect(asff.Severity).toEqual({ Label: f.severity, Original: f.severity });
    }
  });

  it('uses taxonomy types and adds the standard classifier when the finding maps to a control', () => {
    for (const f of sampleFindings()) expect(toAsff(f, ctx).Types.every(isAsffType)).toBe(true);
    expect(toAsff(byType('STALE_ACCESS_KEY'), ctx).Types).toEqual([
      'Software and Configuration Checks/AWS Security Best Practices/Access Key Rotation',
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
    ]);
    expect(toAsff(byType('UNUSED_ROLE'), ctx).Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices/Unused IAM Role']);
  });

  it('lists the mapped controls in RelatedRequirements and the Security Hub control in SecurityControlId when the type maps to them', () => {
    const asff = toAsff(byType('STALE_ACCESS_KEY'), ctx);
    expect(asff.Compliance).toEqual({
      Status: 'FAILED',
      RelatedRequirements: [
        'CIS AWS Foundations Benchmark v3.0.0/1.14',
        'AWS Security Hub/IAM.3',
        'OWASP Non-Human Identities Top 10 2025/NHI7',
        'NIST CSF 2.0/PR.AA-01',
      ],
      SecurityControlId: 'IAM.3',
    });
    const role = toAsff(byType('UNUSED_ROLE'), ctx);
    expect(role.Compliance).toEqual({ Status: 'FAILED', RelatedRequirements: ['OWASP Non-Human Identities Top 10 2025/NHI1', 'NIST CSF 2.0/PR.AA-05'] });
  });

  it("links the type's section of docs/findings.md and gives its remediation when mapping any finding", () => {
    for (const f of sampleFindings()) {
      const r = toAsff(f, ctx).Remediation!.Recommendation;
      expect(r.Url).toBe(`https://github.com/tally-access/tally/blob/main/docs/findings.md#${f.type.toLowerCase()}`);
      expect(r.Text).toMatch(/[Ii]n AWS: .*In the ticket: /);
    }
  });

  it('carries type, ticket, approval key and exemption in ProductFields when the finding has them', () => {
    const pf = toAsff(byType('RECONCILED'), ctx).ProductFields!;
    expect(pf).toMatchObject({ 'tally/type': 'RECONCILED', 'tally/ticketId': 'CHG-1042', 'tally/exempt': 'false' });
    expect(pf['tally/approvalKey']).toContain('CHG-1042|arn:aws:iam::123456789012:user/service/svc-billing-export');
    const exempt = toAsff(byType('UNUSED_ACCESS_KEY'), ctx).ProductFields!;
    expect(exempt).toMatchObject({ 'tally/exempt': 'true', 'tally/exemptSource': 'tag', 'tally/exemptReason': 'legacy batch job, INC-77' });
  });

  it('keeps ProductFields within 50 entries and 2048-character values when the detail is large', () => {
    const detail = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v'.repeat(3000)]));
    const f = { ...byType('DRIFTED_ENTITLEMENT'), observed: { ...byType('DRIFTED_ENTITLEMENT').observed!, detail } };
    const asff = toAsff(f, ctx);
    const entries = Object.entries(asff.ProductFields!);
    expect(entries.length).toBe(50);
    expect(entries.every(([k, v]) => k.length <= 128 && v.length <= 2048)).toBe(true);
    expect(asff.ProductFields!['tally/type']).toBe('DRIFTED_ENTITLEMENT');
    expect(() => assertValidAsff(asff)).not.toThrow();
  });

  it('maps every finding in order when given a batch', () => {
    const fs = sampleFindings();
    expect(toAsffBatch(fs, ctx).map((a) => a.Id)).toEqual(fs.map((f) => f.id));
  });
});

describe('truncate', () => {
  it('returns the text unchanged when it fits', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('never splits a surrogate pair when cutting', () => {
    const out = truncate(`${'a'.repeat(8)}😀😀😀`, 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out).toBe('aaaaaaaa…');
    expect(() => encodeURIComponent(out)).not.toThrow();
  });
});

const ARN_NAME = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/);
const resourceArb: fc.Arbitrary<FindingResource> = fc.oneof(
  ARN_NAME.map((name) => ({ type: 'AwsIamUser' as const, id: `arn:aws:iam::${ACCOUNT}:user/${name}`, name })),
  ARN_NAME.map((name) => ({ type: 'AwsIamRole' as const, id: `arn:aws:iam::${ACCOUNT}:role/app/${name}`, name })),
  ARN_NAME.map((name) => ({ type: 'AwsIamGroup' as const, id: `arn:aws:iam::${ACCOUNT}:group/${name}`, name })),
  fc.tuple(ARN_NAME, fc.constantFrom<1 | 2>(1, 2), fc.boolean()).map(([name, slot, withId]) => ({
    type: 'AwsIamAccessKey' as const,
    id: `arn:aws:iam::${ACCOUNT}:user/${name}/access-key/${withId ? 'AKIAIOSFODNN7EXAMPLE' : slot}`,
    ...(withId ? { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } : {}),
    name: `${name} key ${slot}`,
    principalArn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    accessKeySlot: slot,
  })),
  ARN_NAME.map((name) => ({ type: 'AwsSecretsManagerSecret' as const, id: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`, name })),
);

const findingArb: fc.Arbitrary<Finding> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 512 }).filter((s) => /\S/.test(s)),
    type: fc.constantFrom(...FINDING_TYPES),
    severity: fc.constantFrom(...SEVERITIES),
    title: fc.string({ maxLength: 400, unit: 'grapheme' }),
    summary: fc.string({ maxLength: 1500, unit: 'grapheme' }),
    accountId: fc.constant(ACCOUNT),
    resource: resourceArb,
    approval: fc.option(
      fc.record({
        key: fc.string({ maxLength: 3000 }),
        ticketId: fc.string({ maxLength: 40 }),
        approvedBy: fc.emailAddress(),
        approvedAt: fc.constant('2026-09-01T10:00:00Z'),
        status: fc.constantFrom('approved' as const, 'revoked' as const),
        risk: fc.constantFrom('standard' as const, 'privileged' as const),
      }),
      { nil: undefined },
    ),
    control: fc.option(fc.constantFrom('IAM.3', 'IAM.4', 'IAM.22', 'SecretsManager.1', 'Custom.9', ' '), { nil: undefined }),
    privileged: fc.boolean(),
    exempt: fc.option(fc.record({ source: fc.constantFrom('tag' as const, 'approval' as const), reason: fc.string({ maxLength: 300 }) }), { nil: undefined }),
    detectedAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  },
  { requiredKeys: ['id', 'type', 'severity', 'title', 'summary', 'accountId', 'resource', 'privileged', 'detectedAt'] },
);

describe('toAsff property', () => {
  it('always yields a schema-valid finding without undefined values when given an arbitrary finding', () => {
    fc.assert(
      fc.property(findingArb, (f) => {
        const asff = toAsff(f, ctx);
        const parsed = asffFindingSchema.safeParse(asff);
        if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
        expect(hasUndefined(asff)).toBe(false);
        expect(asff.Id).toBe(f.id);
      }),
      { numRuns: 300 },
    );
  });
});
