import { stringify } from 'csv-stringify/sync';
import { entitlementTarget, type Approval, type ApprovedEntitlement } from '../core/approval';

/** Columns an approvals CSV must have; `target`, `expiresAt`, `risk` and `status` may be left out. */
export const APPROVAL_CSV_REQUIRED = ['ticketId', 'principal', 'kind', 'approvedBy', 'approvedAt'] as const;

/** A whole number as written in a cell, else the text itself (so validation can name it). */
function numberOrText(cell: string): number | string {
  return /^\d+$/.test(cell) ? Number(cell) : cell;
}

function booleanOrText(cell: string): boolean | string {
  if (/^true$/i.test(cell)) return true;
  if (/^false$/i.test(cell)) return false;
  return cell;
}

/**
 * The entitlement a CSV `kind` + `target` pair describes. `target` holds the kind's one value:
 * managed-policy → policy ARN; inline-policy → policy name, optionally `name#<sha256 hex>` to pin
 * the document hash (IAM policy names cannot contain `#`); group-membership → group name;
 * access-key → max keys (empty = 1); role-trust → `;`-separated principals; secret → rotation days
 * (empty = none); identity → empty.
 */
export function entitlementFromCsv(kind: string, target: string): Record<string, unknown> {
  switch (kind) {
    case 'managed-policy':
      return { kind, policyArn: target };
    case 'inline-policy': {
      const hash = target.indexOf('#');
      if (hash === -1) return { kind, policyName: target };
      return { kind, policyName: target.slice(0, hash).trim(), documentSha256: target.slice(hash + 1).trim() };
    }
    case 'group-membership':
      return { kind, group: target };
    case 'access-key':
      return target === '' ? { kind } : { kind, maxKeys: numberOrText(target) };
    case 'role-trust':
      return { kind, principals: target.split(';').map((p) => p.trim()).filter((p) => p !== '') };
    case 'secret':
      return target === '' ? { kind } : { kind, rotationDays: numberOrText(target) };
    default:
      return { kind };
  }
}

/** Turns one CSV row into the JSON record shape that the approval schema validates. */
export function approvalInputFromCsv(values: Record<string, string | undefined>): Record<string, unknown> {
  const cell = (name: string): string | undefined => {
    const v = values[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const input: Record<string, unknown> = {
    ticketId: cell('ticketId'),
    principal: cell('principal'),
    entitlement: entitlementFromCsv(cell('kind') ?? '', cell('target') ?? ''),
    approvedBy: cell('approvedBy'),
    approvedAt: cell('approvedAt'),
    expiresAt: cell('expiresAt'),
    risk: cell('risk')?.toLowerCase(),
    status: cell('status')?.toLowerCase(),
    provisionedAt: cell('provisionedAt'),
    verifiedAt: cell('verifiedAt'),
    provisioningGraceHours: mapCell(cell('provisioningGraceHours'), (c) => (/^\d+(\.\d+)?$/.test(c) ? Number(c) : c)),
    exempt: mapCell(cell('exempt'), booleanOrText),
    exemptReason: cell('exemptReason'),
    owner: cell('owner'),
    ticketUrl: cell('ticketUrl'),
    recertifiedAt: cell('recertifiedAt'),
    draftOf: cell('draftOf'),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function mapCell<T>(cell: string | undefined, f: (c: string) => T): T | undefined {
  return cell === undefined ? undefined : f(cell);
}

/** Every column of the approvals CSV, in the order {@link approvalsToCsv} writes them. */
export const APPROVAL_CSV_COLUMNS = [
  'ticketId', 'principal', 'kind', 'target', 'approvedBy', 'approvedAt', 'expiresAt', 'risk', 'status',
  'owner', 'ticketUrl', 'provisionedAt', 'verifiedAt', 'recertifiedAt', 'provisioningGraceHours', 'exempt', 'exemptReason', 'draftOf',
] as const;

/** The `target` cell of an entitlement: the inverse of {@link entitlementFromCsv}, inline document hash included. */
export function csvTarget(e: ApprovedEntitlement): string {
  // The key's target, but an inline policy carries its pinned hash and trust principals keep their order.
  if (e.kind === 'inline-policy') return e.documentSha256 ? `${e.policyName}#${e.documentSha256}` : e.policyName;
  if (e.kind === 'role-trust') return e.principals.join(';');
  return entitlementTarget(e);
}

/**
 * Approvals as the CSV import format with every column, so that reading it back gives the same
 * records as the JSON form. Cells are written as they are (no spreadsheet formula escaping: the
 * file is an import format, and a changed cell would change the approval).
 */
export function approvalsToCsv(approvals: readonly Approval[]): string {
  const rows = approvals.map((a) => ({
    ticketId: a.ticketId,
    principal: a.principal,
    kind: a.entitlement.kind,
    target: csvTarget(a.entitlement),
    approvedBy: a.approvedBy,
    approvedAt: a.approvedAt,
    expiresAt: a.expiresAt ?? '',
    risk: a.risk,
    status: a.status,
    owner: a.owner ?? '',
    ticketUrl: a.ticketUrl ?? '',
    provisionedAt: a.provisionedAt ?? '',
    verifiedAt: a.verifiedAt ?? '',
    recertifiedAt: a.recertifiedAt ?? '',
    provisioningGraceHours: a.provisioningGraceHours === undefined ? '' : String(a.provisioningGraceHours),
    exempt: a.exempt === undefined ? '' : String(a.exempt),
    exemptReason: a.exemptReason ?? '',
    draftOf: a.draftOf ?? '',
  }));
  return stringify(rows, { header: true, columns: [...APPROVAL_CSV_COLUMNS] });
}
