import { parseArn } from '../core/arn';
import { findingControls, requirementName } from '../core/controls';
import { isEvidence, type Finding, type FindingType } from '../core/finding';
import { describeFinding, findingDocUrl, remediationOf } from '../core/finding-texts';
import { ASFF_SCHEMA_VERSION, type AwsSecurityFinding } from './asff-schema';

/**
 * Maps Tally findings to the AWS Security Finding Format. Pure: no SDK, no clock; the same finding
 * and context always give the same ASFF object, so a re-import updates rather than duplicates.
 */

export interface AsffContext {
  /** Region whose Security Hub receives the findings; IAM is global, so IAM resources report it too. */
  region: string;
  /** @default 'aws' */
  partition?: string;
  /** @default `arn:{partition}:securityhub:{region}:{accountId}:product/{accountId}/default` */
  productArn?: string;
  /** Prefix of GeneratorId, completed with the finding type. @default 'tally' */
  generatorId?: string;
}

type Resource = AwsSecurityFinding['Resources'][number];
type Details = NonNullable<Resource['Details']>;

const SCC = 'Software and Configuration Checks';
const STANDARDS = `${SCC}/Industry and Regulatory Standards`;
const BEST_PRACTICES = `${SCC}/AWS Security Best Practices`;

/**
 * ASFF Types per finding type. Every Tally finding is a check of configured state against intent or
 * a threshold, so all sit in "Software and Configuration Checks"; none is a TTP or an Effect: Tally
 * sees state, not the act that produced it, and cannot claim adversary behaviour or impact.
 *
 * | finding type             | Types                                             | why |
 * |--------------------------|---------------------------------------------------|-----|
 * | APPROVED_NOT_PROVISIONED | Industry and Regulatory Standards/Access Provisioning | an access-management process gap (approved request not fulfilled: SOC 2 CC6.2, ISO 27001 A.5.18), not an AWS misconfiguration |
 * | UNAPPROVED_ENTITLEMENT   | Industry and Regulatory Standards/Unapproved Access   | access without authorisation breaks the approval requirement every access-control standard has (SOC 2 CC6.2/6.3, NIST 800-53 AC-2) |
 * | DRIFTED_ENTITLEMENT      | Industry and Regulatory Standards/Access Drift        | access differs from what was authorised: same requirement |
 * | EXPIRED_APPROVAL_ACTIVE  | Industry and Regulatory Standards/Access Revocation   | timely removal of access (SOC 2 CC6.3, NIST 800-53 AC-2(3)) |
 * | STALE_ACCESS_KEY         | AWS Security Best Practices/Access Key Rotation       | key hygiene; the IAM.3 mapping adds the CIS classifier |
 * | UNUSED_ACCESS_KEY        | AWS Security Best Practices/Unused IAM User Access Key | the exact type IAM Access Analyzer uses, so one filter catches both; IAM.22 adds CIS |
 * | UNUSED_ROLE              | AWS Security Best Practices/Unused IAM Role           | the exact type IAM Access Analyzer uses for the same condition |
 * | SECRET_NOT_ROTATED       | AWS Security Best Practices/Secret Rotation           | hygiene; SecretsManager.1/.4 add the FSBP classifier |
 * | SECRET_UNUSED            | AWS Security Best Practices/Unused Secret             | hygiene; SecretsManager.3 adds the FSBP classifier |
 * | APPROVED_BUT_UNUSED      | Industry and Regulatory Standards/Access Review       | approved access not used: a periodic access review's input (SOC 2 CC6.2, ISO 27001 A.5.18, NIST 800-53 AC-2(3)) |
 * | RECONCILED               | Industry and Regulatory Standards/Access Reconciliation | the passing evidence of the access-review process |
 * | DEPROVISIONED            | Industry and Regulatory Standards/Access Reconciliation | evidence: verified once, removed since |
 */
const TYPES: Record<FindingType, string> = {
  APPROVED_NOT_PROVISIONED: `${STANDARDS}/Access Provisioning`,
  UNAPPROVED_ENTITLEMENT: `${STANDARDS}/Unapproved Access`,
  DRIFTED_ENTITLEMENT: `${STANDARDS}/Access Drift`,
  EXPIRED_APPROVAL_ACTIVE: `${STANDARDS}/Access Revocation`,
  STALE_ACCESS_KEY: `${BEST_PRACTICES}/Access Key Rotation`,
  UNUSED_ACCESS_KEY: `${BEST_PRACTICES}/Unused IAM User Access Key`,
  UNUSED_ROLE: `${BEST_PRACTICES}/Unused IAM Role`,
  SECRET_NOT_ROTATED: `${BEST_PRACTICES}/Secret Rotation`,
  SECRET_UNUSED: `${BEST_PRACTICES}/Unused Secret`,
  APPROVED_BUT_UNUSED: `${STANDARDS}/Access Review`,
  RECONCILED: `${STANDARDS}/Access Reconciliation`,
  DEPROVISIONED: `${STANDARDS}/Access Reconciliation`,
};

/** The taxonomy's own classifier for the standard a Security Hub control belongs to. */
const CONTROL_STANDARD: Record<string, string> = {
  'IAM.3': `${STANDARDS}/CIS AWS Foundations Benchmark`, // CIS 1.14
  'IAM.4': `${STANDARDS}/CIS AWS Foundations Benchmark`, // CIS 1.4 (root access key)
  'IAM.22': `${STANDARDS}/CIS AWS Foundations Benchmark`, // CIS 1.12
  'SecretsManager.1': `${STANDARDS}/AWS Foundational Security Best Practices`,
  'SecretsManager.3': `${STANDARDS}/AWS Foundational Security Best Practices`,
  'SecretsManager.4': `${STANDARDS}/AWS Foundational Security Best Practices`,
};

const ELLIPSIS = '…';

/** Cuts `s` to at most `max` UTF-16 units, ending in an ellipsis, never splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - ELLIPSIS.length;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // high surrogate whose pair would be cut off
  return s.slice(0, end).trimEnd() + ELLIPSIS;
}

/** ASFF strings must contain a non-blank character. */
function nonBlank(s: string | undefined, fallback: string): string {
  return s !== undefined && /\S/.test(s) ? s : fallback;
}

function iamPath(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam') return undefined;
  const resource = arn.split(':').slice(5).join(':');
  const segments = resource.split('/').slice(1, -1);
  return segments.length ? `/${segments.join('/')}/` : '/';
}

const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;

function resourceDetails(f: Finding): Details | undefined {
  const r = f.resource;
  const path = iamPath(r.id);
  const name = nonBlank(r.name, r.id);
  switch (r.type) {
    case 'AwsIamUser':
      return { AwsIamUser: { UserName: name, ...(path ? { Path: path } : {}) } };
    case 'AwsIamRole':
      return { AwsIamRole: { RoleName: name, ...(path ? { Path: path } : {}) } };
    case 'AwsIamGroup':
      return { AwsIamGroup: { GroupName: name, ...(path ? { Path: path } : {}) } };
    case 'AwsIamAccessKey': {
      const owner = r.principalArn ? parseArn(r.principalArn) : undefined;
      const isRoot = owner?.resourceType === 'root';
      return {
        AwsIamAccessKey: {
          ...(r.accessKeyId && KEY_ID.test(r.accessKeyId) ? { AccessKeyId: r.accessKeyId } : {}),
          AccountId: f.accountId,
          ...(owner ? { PrincipalName: isRoot ? 'root' : owner.name } : {}),
          // CloudTrail's userIdentity.type vocabulary.
          PrincipalType: isRoot ? 'Root' : 'IAMUser',
          // Tally reports on active keys only (credential report `access_key_N_active`).
          Status: 'Active',
          ...(r.createdAt ? { CreatedAt: r.createdAt } : {}),
        },
      };
    }
    case 'AwsSecretsManagerSecret':
      return {
        AwsSecretsManagerSecret: {
          Name: name,
          // Only these cases know rotation is off; otherwise the state is not on the finding.
          ...(f.variant === 'rotation-disabled' || f.variant === 'disabled-overdue' || f.control === 'SecretsManager.1' ? { RotationEnabled: false } : {}),
        },
      };
  }
}

function resourceTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const entries = Object.entries(tags ?? {})
    .filter(([k, v]) => /\S/.test(k) && /\S/.test(v) && k.length <= 128)
    .slice(0, 50)
    .map(([k, v]) => [k, truncate(v, 256)] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function toResource(f: Finding, partition: string, region: string): Resource {
  const arn = parseArn(f.resource.id);
  // Secrets live in a region; IAM is global and reports the receiving region.
  const resourceRegion = arn?.service === 'secretsmanager' && arn.region ? arn.region : region;
  const tags = resourceTags(f.resource.tags);
  const details = resourceDetails(f);
  return {
    Type: f.resource.type,
    Id: f.resource.id,
    Partition: partition as NonNullable<Resource['Partition']>,
    Region: resourceRegion,
    ...(tags ? { Tags: tags } : {}),
    ...(details ? { Details: details } : {}),
  };
}

/** Solution-specific fields (≤ 50; keys ≤ 128, values ≤ 2048, never blank), most useful first. */
function productFields(f: Finding): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | number | boolean | string[] | undefined) => {
    if (value === undefined || Object.keys(out).length >= 50) return;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (/\S/.test(text)) out[truncate(key, 128)] = truncate(text, 2048);
  };
  put('tally/type', f.type);
  put('tally/severity', f.severity);
  put('tally/privileged', f.privileged);
  put('tally/exempt', f.exempt !== undefined);
  put('tally/exemptSource', f.exempt?.source);
  put('tally/exemptReason', f.exempt?.reason);
  put('tally/control', f.control);
  put('tally/resourceName', f.resource.name);
  put('tally/principalArn', f.resource.principalArn);
  put('tally/accessKeySlot', f.resource.accessKeySlot);
  const a = f.approval;
  put('tally/ticketId', a?.ticketId);
  put('tally/approvalKey', a?.key);
  put('tally/approvedBy', a?.approvedBy);
  put('tally/approvedAt', a?.approvedAt);
  put('tally/approvalExpiresAt', a?.expiresAt);
  put('tally/approvalStatus', a?.status);
  put('tally/risk', a?.risk);
  const o = f.observed;
  put('tally/entitlementKind', o?.kind);
  put('tally/entitlementTarget', o?.target);
  put('tally/via', o?.via);
  put('tally/source', o?.source);
  const t = f.threshold;
  put('tally/threshold', t?.name);
  put('tally/thresholdLimitDays', t?.limitDays);
  put('tally/thresholdActualDays', t?.actualDays ?? undefined);
  put('tally/thresholdReference', t?.reference);
  for (const [k, v] of Object.entries(o?.detail ?? {}).sort(([x], [y]) => x.localeCompare(y))) put(`tally/observed/${k}`, v);
  return out;
}

/**
 * Values the Security Hub sink sets from its findings ledger rather than from the finding itself.
 * Without them the mapping stays pure and uses `detectedAt` for both timestamps.
 */
export interface AsffOverrides {
  /** When the condition was first seen (ledger `firstSeen`); also sets FirstObservedAt. */
  createdAt?: string;
  /** Must be later than the UpdatedAt of the previous import of the same Id, or Security Hub ignores it. */
  updatedAt?: string;
  /** @default 'ACTIVE' */
  recordState?: 'ACTIVE' | 'ARCHIVED';
  /** @default PASSED for RECONCILED, FAILED otherwise */
  complianceStatus?: 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';
}

/** One Tally finding as an ASFF finding for BatchImportFindings. */
export function toAsff(finding: Finding, ctx: AsffContext, overrides: AsffOverrides = {}): AwsSecurityFinding {
  const partition = ctx.partition ?? 'aws';
  const account = finding.accountId;
  const productArn = ctx.productArn ?? `arn:${partition}:securityhub:${ctx.region}:${account}:product/${account}/default`;
  const { securityControlId, controls } = findingControls(finding);
  const standard = securityControlId ? CONTROL_STANDARD[securityControlId] : undefined;
  const types = [TYPES[finding.type], ...(standard ? [standard] : [])];
  const severity = { Label: finding.severity, Original: finding.severity };
  const requirements = controls.map(requirementName).slice(0, 32);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: finding.id,
    ProductArn: productArn,
    GeneratorId: `${ctx.generatorId ?? 'tally'}/${finding.type}`,
    AwsAccountId: account,
    Types: types,
    CreatedAt: overrides.createdAt ?? finding.detectedAt,
    UpdatedAt: overrides.updatedAt ?? finding.detectedAt,
    ...(overrides.createdAt ? { FirstObservedAt: overrides.createdAt } : {}),
    LastObservedAt: finding.detectedAt,
    Severity: severity,
    Title: truncate(nonBlank(finding.title, finding.type), 256),
    Description: truncate(describeFinding(finding), 1024),
    Remediation: { Recommendation: { Text: truncate(remediationOf(finding), 512), Url: findingDocUrl(finding.type) } },
    ProductFields: productFields(finding),
    Resources: [toResource(finding, partition, ctx.region)],
    Compliance: {
      Status: overrides.complianceStatus ?? (isEvidence(finding.type) ? 'PASSED' : 'FAILED'),
      ...(requirements.length ? { RelatedRequirements: requirements } : {}),
      ...(securityControlId ? { SecurityControlId: securityControlId } : {}),
    },
    RecordState: overrides.recordState ?? 'ACTIVE',
    // Providers own these; the top-level copies are what customers may later override.
    FindingProviderFields: { Severity: severity, Types: types },
  };
}

/** Every finding mapped, in input order. */
export function toAsffBatch(findings: Finding[], ctx: AsffContext): AwsSecurityFinding[] {
  return findings.map((f) => toAsff(f, ctx));
}
