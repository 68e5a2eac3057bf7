import { FRAMEWORKS, findingControls, requirementName } from '../core/controls';
import { isEvidence, type Finding, type Severity } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import { toAsff, type AsffContext } from '../sinks/asff';
import pkg from '../../package.json' with { type: 'json' };

/**
 * OCSF output: each finding as a Compliance Finding (class 2003, category Findings), the class
 * Security Hub's own control findings use, with what Security Hub (OCSF 1.6) and Prowler users read
 * first: finding_info, severity, status, compliance, resources, cloud, remediation.
 */

/** The OCSF version these events follow (the one Security Hub supports). */
export const OCSF_VERSION = '1.6.0';
const CLASS_UID = 2003;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

/** What a finding is checked against: a control, the standards that hold it, the requirements it meets. */
export interface ComplianceInfo {
  control?: string;
  standards: string[];
  requirements: string[];
}

/** Maps a finding to its compliance information; pass another for a mapping of your own. */
export type ComplianceMapper = (finding: Finding) => ComplianceInfo;

/**
 * Tally's control mapping (lib/core/controls.ts, the one ASFF uses): the Security Hub control as
 * `control`, every mapped requirement as `<framework>/<id>`, the frameworks as standards.
 */
export const complianceFromFinding: ComplianceMapper = (finding) => {
  const { securityControlId, controls } = findingControls(finding);
  return {
    ...(securityControlId ? { control: securityControlId } : {}),
    standards: [...new Set(controls.map((c) => FRAMEWORKS[c.framework]))],
    requirements: controls.map(requirementName),
  };
};

export interface OcsfContext extends AsffContext {
  /** @default {@link complianceFromFinding} */
  compliance?: ComplianceMapper;
}

const SEVERITY_ID: Record<Severity, [number, string]> = {
  INFORMATIONAL: [1, 'Informational'],
  LOW: [2, 'Low'],
  MEDIUM: [3, 'Medium'],
  HIGH: [4, 'High'],
  CRITICAL: [5, 'Critical'],
};

const ms = (iso: string): number => Date.parse(iso);

/** Finding status: evidence of a match is Resolved, an exempt finding Suppressed, any other New. */
function status(f: Finding): [number, string] {
  if (isEvidence(f.type)) return [4, 'Resolved'];
  return f.exempt ? [3, 'Suppressed'] : [1, 'New'];
}

/** One finding as an OCSF Compliance Finding event, evaluated at `evaluatedAt`. */
export function toOcsf(f: Finding, evaluatedAt: string, ctx: OcsfContext): Record<string, unknown> {
  const asff = toAsff(f, ctx);
  const info = (ctx.compliance ?? complianceFromFinding)(f);
  const [severityId, severity] = SEVERITY_ID[f.severity];
  const [statusId, statusName] = status(f);
  const passed = isEvidence(f.type);
  const resource = asff.Resources[0]!;
  const recommendation = asff.Remediation?.Recommendation;
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time: ms(evaluatedAt),
    severity_id: severityId,
    severity,
    status_id: statusId,
    status: statusName,
    message: f.summary,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'Tally', vendor_name: 'Tally', uid: 'tally', version: pkg.version },
      profiles: ['cloud'],
      uid: f.id,
    },
    finding_info: {
      uid: f.id,
      title: asff.Title,
      desc: asff.Description,
      types: [f.type, ...asff.Types],
      first_seen_time: ms(f.detectedAt),
      last_seen_time: ms(evaluatedAt),
    },
    compliance: {
      status_id: passed ? 1 : 3,
      status: passed ? 'Pass' : 'Fail',
      ...(info.control ? { control: info.control } : {}),
      ...(info.requirements.length ? { requirements: info.requirements } : {}),
      ...(info.standards.length ? { standards: info.standards } : {}),
    },
    resources: [
      {
        uid: resource.Id,
        name: f.resource.name,
        type: resource.Type,
        region: resource.Region ?? ctx.region,
        cloud_partition: resource.Partition ?? ctx.partition ?? 'aws',
        ...(f.resource.tags && Object.keys(f.resource.tags).length ? { labels: Object.entries(f.resource.tags).map(([k, v]) => `${k}=${v}`) } : {}),
      },
    ],
    cloud: { provider: 'AWS', region: ctx.region, account: { uid: f.accountId, type_id: 10, type: 'AWS Account' } },
    remediation: { desc: recommendation?.Text ?? '', ...(recommendation?.Url ? { references: [recommendation.Url] } : {}) },
    unmapped: {
      tally_type: f.type,
      privileged: f.privileged,
      ...(f.approval ? { ticket_id: f.approval.ticketId, approved_by: f.approval.approvedBy } : {}),
      ...(f.exempt ? { exempt_reason: f.exempt.reason } : {}),
    },
  };
}

/** Every finding as OCSF, a pretty JSON array with a trailing newline. */
export function renderOcsf(result: ReconcileResult, ctx: OcsfContext): string {
  return `${JSON.stringify(result.findings.map((f) => toOcsf(f, result.evaluatedAt, ctx)), null, 2)}\n`;
}
