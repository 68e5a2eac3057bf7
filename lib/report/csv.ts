import { stringify } from 'csv-stringify/sync';
import { findingControls, requirementName } from '../core/controls';
import { remediationOf } from '../core/finding-texts';
import type { ReconcileResult } from '../core/result';

export const CSV_COLUMNS = [
  'id',
  'type',
  'severity',
  'resource_type',
  'resource',
  'ticket_id',
  'title',
  'summary',
  'remediation',
  'control',
  'requirements',
  'privileged',
  'exempt',
  'detected_at',
] as const;

/**
 * One row per finding, with a header: the same title, summary and remediation as the table and
 * ASFF (lib/core/finding-texts), and the controls of lib/core/controls in `requirements`. `resource` is the resource id (ARN, or the key id / key slot
 * for access keys). Cells starting with `=`, `+`, `-`, `@`, tab or CR are prefixed with `'`: IAM
 * names may start with those, and a spreadsheet would otherwise run them as formulas.
 */
export function renderCsv(result: ReconcileResult): string {
  const rows = result.findings.map((f) => ({
    id: f.id,
    type: f.type,
    severity: f.severity,
    resource_type: f.resource.type,
    resource: f.resource.id,
    ticket_id: f.approval?.ticketId ?? '',
    title: f.title,
    summary: f.summary,
    remediation: remediationOf(f),
    control: f.control ?? '',
    requirements: findingControls(f).controls.map(requirementName).join('; '),
    privileged: f.privileged ? 'true' : 'false',
    exempt: f.exempt ? 'true' : 'false',
    detected_at: f.detectedAt,
  }));
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
}
