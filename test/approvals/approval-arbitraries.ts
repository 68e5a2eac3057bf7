import fc from 'fast-check';
import type { Approval, ApprovedEntitlement } from '../../lib/core/approval';

const ACCOUNT = '123456789012';
const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,20}$/);
const secretName = fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,20}$/);
const iso = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms).toISOString());
const arnOf = (type: 'user' | 'role' | 'group') => name.map((n) => `arn:aws:iam::${ACCOUNT}:${type}/${n}`);

/** A kind together with a principal that may hold it. */
const grant: fc.Arbitrary<{ principal: string; entitlement: ApprovedEntitlement }> = fc.oneof(
  fc.record({ principal: fc.oneof(arnOf('user'), arnOf('role')), entitlement: fc.constant<ApprovedEntitlement>({ kind: 'identity' }) }),
  fc.record({
    principal: fc.oneof(arnOf('user'), arnOf('role'), arnOf('group')),
    entitlement: name.map((n): ApprovedEntitlement => ({ kind: 'managed-policy', policyArn: `arn:aws:iam::aws:policy/${n}` })),
  }),
  fc.record({
    principal: arnOf('role'),
    entitlement: fc
      .record({ policyName: name, documentSha256: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }) })
      .map((e): ApprovedEntitlement => (e.documentSha256 ? { kind: 'inline-policy', ...e } : { kind: 'inline-policy', policyName: e.policyName })),
  }),
  fc.record({ principal: arnOf('user'), entitlement: name.map((group): ApprovedEntitlement => ({ kind: 'group-membership', group })) }),
  fc.record({ principal: arnOf('user'), entitlement: fc.constantFrom(1, 2).map((maxKeys): ApprovedEntitlement => ({ kind: 'access-key', maxKeys })) }),
  fc.record({
    principal: arnOf('role'),
    entitlement: fc.uniqueArray(fc.oneof(arnOf('role'), fc.constant('ec2.amazonaws.com')), { minLength: 1, maxLength: 3 }).map(
      (principals): ApprovedEntitlement => ({ kind: 'role-trust', principals }),
    ),
  }),
  fc.record({
    principal: fc.oneof(secretName, secretName.map((n) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${n}-AbCdEf`)),
    entitlement: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }).map(
      (rotationDays): ApprovedEntitlement => (rotationDays === undefined ? { kind: 'secret' } : { kind: 'secret', rotationDays }),
    ),
  }),
);

/** Valid approvals in their normalised form (what the parser returns). */
export const approvalArb: fc.Arbitrary<Approval> = fc
  .record({
    grant,
    ticketId: fc.integer({ min: 1, max: 99_999 }).map((n) => `CHG-${n}`),
    approvedBy: fc.constantFrom('alice@example.com', 'bob@example.com'),
    approvedAt: iso,
    expiresInDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
    risk: fc.constantFrom('standard', 'privileged') as fc.Arbitrary<Approval['risk']>,
    status: fc.constantFrom('approved', 'revoked') as fc.Arbitrary<Approval['status']>,
  })
  .map(({ grant: g, expiresInDays, ...rest }) => {
    const approval: Approval = { ...rest, ...g };
    if (expiresInDays !== undefined) approval.expiresAt = new Date(Date.parse(rest.approvedAt) + expiresInDays * 86_400_000).toISOString();
    return approval;
  });

const CSV_COLUMNS = ['ticketId', 'principal', 'kind', 'target', 'approvedBy', 'approvedAt', 'expiresAt', 'risk', 'status'] as const;

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV `target` cell of an entitlement, with the `name#sha256` form for a pinned inline policy. */
export function csvTarget(e: ApprovedEntitlement): string {
  switch (e.kind) {
    case 'inline-policy':
      return e.documentSha256 ? `${e.policyName}#${e.documentSha256}` : e.policyName;
    case 'managed-policy':
      return e.policyArn;
    case 'group-membership':
      return e.group;
    case 'access-key':
      return String(e.maxKeys);
    case 'role-trust':
      return e.principals.join(';');
    case 'secret':
      return e.rotationDays === undefined ? '' : String(e.rotationDays);
    case 'identity':
      return '';
  }
}

/** Writes rows of raw cells (by column name) as an approvals CSV. */
export function toCsvRows(rows: Record<string, string>[]): string {
  const lines = rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c] ?? '')).join(','));
  return `${CSV_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}

/** The CSV cells of one approval, by column name. */
export function csvCells(a: Approval): Record<string, string> {
  return {
    ticketId: a.ticketId,
    principal: a.principal,
    kind: a.entitlement.kind,
    target: csvTarget(a.entitlement),
    approvedBy: a.approvedBy,
    approvedAt: a.approvedAt,
    expiresAt: a.expiresAt ?? '',
    risk: a.risk,
    status: a.status,
  };
}

/** Writes approvals in the CSV import format. */
export function toCsv(approvals: readonly Approval[]): string {
  return toCsvRows(approvals.map(csvCells));
}
