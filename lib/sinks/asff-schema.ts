import { z } from 'zod';

/**
 * The part of the AWS Security Finding Format (ASFF) that Tally writes, with the limits
 * BatchImportFindings enforces (Security Hub API reference: AwsSecurityFinding, Resource,
 * Recommendation, Compliance, FindingProviderFields). Fields Tally never sets are not modelled;
 * the top level stays open so a finding from another producer is not rejected for carrying them.
 */

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** The namespaces the Types taxonomy defines; categories and classifiers below them are free. */
export const ASFF_TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
] as const;

export const ASFF_SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** Largest finding BatchImportFindings accepts. */
export const ASFF_MAX_FINDING_BYTES = 240 * 1024;

/** Every ASFF string has the pattern `.*\S.*`: empty or blank strings are rejected. */
const text = (max?: number) => {
  const s = z.string().regex(/\S/, 'must contain a non-blank character');
  return max === undefined ? s : s.max(max, `must be at most ${max} characters`);
};

/**
 * Security Hub timestamps: RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction up to 9 digits](Z|±HH[:]MM)`,
 * offset within ±18:00.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):?(\d{2}))$/;

export function isAsffTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , , oh, om] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const dateOk = day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d);
  const timeOk = Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
  const offsetOk = oh === undefined || Number(oh) * 60 + Number(om) <= 18 * 60;
  return dateOk && timeOk && offsetOk && Number(om ?? 0) < 60;
}

const timestamp = z.string().refine(isAsffTimestamp, 'must be an RFC 3339 timestamp Security Hub accepts');

/**
 * `namespace/category/classifier`. The taxonomy allows partial paths (`TTPs`,
 * `TTPs/Defense Evasion`), so one to three non-blank segments under a defined namespace.
 */
export function isAsffType(value: string): boolean {
  const parts = value.split('/');
  return (
    parts.length >= 1 &&
    parts.length <= 3 &&
    (ASFF_TYPE_NAMESPACES as readonly string[]).includes(parts[0]!) &&
    parts.every((p) => /\S/.test(p) && p.trim() === p)
  );
}

const findingType = z.string().refine(isAsffType, `must be namespace/category/classifier with a namespace of: ${ASFF_TYPE_NAMESPACES.join(', ')}`);
const types = z.array(findingType).min(1, 'must hold at least one type').max(50, 'must hold at most 50 types');

const severity = z.object({
  Label: z.enum(ASFF_SEVERITY_LABELS),
  Original: text().optional(),
  Normalized: z.number().int().min(0).max(100).optional(),
});

const stringMap = (maxEntries: number, keyMax: number, valueMax: number) =>
  z
    .record(text(keyMax), text(valueMax))
    .refine((m) => Object.keys(m).length <= maxEntries, `must hold at most ${maxEntries} entries`);

const awsIamUser = z.object({ UserName: text().optional(), UserId: text().optional(), Path: text().optional(), CreateDate: timestamp.optional() });
const awsIamRole = z.object({ RoleName: text().optional(), RoleId: text().optional(), Path: text().optional(), CreateDate: timestamp.optional() });
const awsIamGroup = z.object({ GroupName: text().optional(), GroupId: text().optional(), Path: text().optional(), CreateDate: timestamp.optional() });
const awsIamAccessKey = z.object({
  AccessKeyId: text().optional(),
  AccountId: text().optional(),
  PrincipalId: text().optional(),
  PrincipalName: text().optional(),
  PrincipalType: text().optional(),
  Status: z.enum(['Active', 'Inactive']).optional(),
  CreatedAt: timestamp.optional(),
});
const awsSecretsManagerSecret = z.object({
  Name: text().optional(),
  Description: text().optional(),
  RotationEnabled: z.boolean().optional(),
  RotationOccurredWithinFrequency: z.boolean().optional(),
  Deleted: z.boolean().optional(),
});

const resource = z.object({
  Type: text(256),
  Id: text(),
  Partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).optional(),
  Region: text(16).optional(),
  Tags: stringMap(50, 128, 256).optional(),
  Details: z
    .object({
      AwsIamUser: awsIamUser.optional(),
      AwsIamRole: awsIamRole.optional(),
      AwsIamGroup: awsIamGroup.optional(),
      AwsIamAccessKey: awsIamAccessKey.optional(),
      AwsSecretsManagerSecret: awsSecretsManagerSecret.optional(),
      Other: z.record(text(128), text(1024)).optional(),
    })
    .optional(),
});

/** `arn:{partition}:securityhub:{region}:{account or empty}:product/{company}/{product}`. */
const PRODUCT_ARN = /^arn:(aws|aws-cn|aws-us-gov):securityhub:[a-z0-9-]+:(\d{12})?:product\/[^/\s]+\/[^/\s]+$/;

export const asffFindingSchema = z
  .looseObject({
    SchemaVersion: z.literal(ASFF_SCHEMA_VERSION),
    Id: text(512),
    ProductArn: z.string().regex(PRODUCT_ARN, 'must be arn:{partition}:securityhub:{region}:{account}:product/{company}/{product}'),
    GeneratorId: text(512),
    AwsAccountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    Types: types,
    CreatedAt: timestamp,
    UpdatedAt: timestamp,
    FirstObservedAt: timestamp.optional(),
    LastObservedAt: timestamp.optional(),
    Severity: severity,
    Title: text(256),
    Description: text(1024),
    Remediation: z.object({ Recommendation: z.object({ Text: text(512).optional(), Url: text().optional() }) }).optional(),
    ProductFields: stringMap(50, 128, 2048).optional(),
    Resources: z.array(resource).min(1, 'must hold at least one resource').max(32, 'must hold at most 32 resources'),
    Compliance: z
      .object({
        Status: z.enum(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']),
        RelatedRequirements: z.array(text()).max(32).optional(),
        SecurityControlId: text().optional(),
      })
      .optional(),
    RecordState: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
    FindingProviderFields: z
      .object({ Severity: severity.partial().optional(), Types: types.optional() })
      .optional(),
    // Customer-owned (BatchUpdateFindings): a provider re-import must not carry them.
    Workflow: z.never({ error: 'is customer-owned (BatchUpdateFindings); a provider must not set it' }).optional(),
    Note: z.never({ error: 'is customer-owned (BatchUpdateFindings); a provider must not set it' }).optional(),
  })
  .refine((f) => new TextEncoder().encode(JSON.stringify(f)).length <= ASFF_MAX_FINDING_BYTES, {
    message: `finding must be at most ${ASFF_MAX_FINDING_BYTES} bytes as JSON`,
  });

/** An ASFF finding as Tally sends it to BatchImportFindings. */
export type AwsSecurityFinding = z.infer<typeof asffFindingSchema>;

/** A finding that breaks the ASFF schema, naming the finding and the field. */
export class AsffValidationError extends Error {
  override readonly name = 'AsffValidationError';
  constructor(
    readonly findingId: string,
    readonly field: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`ASFF finding ${findingId}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Throws AsffValidationError unless `f` is a valid ASFF finding. */
export function assertValidAsff(f: unknown): asserts f is AwsSecurityFinding {
  const parsed = asffFindingSchema.safeParse(f);
  if (parsed.success) return;
  const rawId = typeof f === 'object' && f !== null ? (f as Record<string, unknown>)['Id'] : undefined;
  const id = typeof rawId === 'string' && rawId.trim() ? rawId : '<no Id>';
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(finding)',
    message: (i.code === 'invalid_type' || i.code === 'invalid_value') && valueAt(f, i.path) === undefined ? 'is required' : i.message,
  }));
  throw new AsffValidationError(id, issues[0]?.path ?? '(finding)', issues);
}
