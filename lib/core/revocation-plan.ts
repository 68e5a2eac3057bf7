import type { EntitlementKind } from './approval';
import type { Finding, ResourceType } from './finding';
import { toMs } from './time';

/** Entitlement kinds Tally removes when their approval ended; every other kind is reported only. */
export const REVOCABLE_KINDS = ['managed-policy', 'group-membership', 'inline-policy', 'access-key'] as const satisfies readonly EntitlementKind[];
export type RevocableKind = (typeof REVOCABLE_KINDS)[number];

/** Why a kind is never removed by Tally (the finding stays for a person to act on). */
const REPORT_ONLY: Partial<Record<EntitlementKind, string>> = {
  identity: 'identity: Tally never deletes users or roles; reported only',
  'role-trust': 'role-trust: rewriting a trust policy is not applied by Tally; reported only',
  secret: 'secret: Tally never deletes or changes secrets; reported only',
};

export type PrincipalType = 'user' | 'role' | 'group' | 'secret';
const PRINCIPAL_TYPE: Record<ResourceType, PrincipalType | undefined> = {
  AwsIamUser: 'user',
  AwsIamRole: 'role',
  AwsIamGroup: 'group',
  AwsSecretsManagerSecret: 'secret',
  AwsIamAccessKey: undefined,
};

/** The removal of exactly the entitlement an ended approval named, as the engine observed it. */
export interface PlannedRevocation {
  kind: 'revoke-entitlement';
  /** The EXPIRED_APPROVAL_ACTIVE finding (the first, when several ended approvals name one entitlement). */
  findingId: string;
  entitlement: EntitlementKind;
  principalArn: string;
  principalType: PrincipalType;
  principalName: string;
  /** Policy ARN, group name or inline policy name; empty for the other kinds. */
  target: string;
  /** The ended approvals' tickets. */
  tickets: string[];
  /**
   * When the grace counts from: the latest `expiresAt` of the ended approvals when all of them
   * expired; absent when one was revoked (no revocation time on record: the first sighting counts).
   */
  endedAt?: string;
  /** Set for kinds Tally reports but never changes (identity, role-trust, secret). */
  reportOnly?: string;
  /** An exemption in force on the principal (an active approval or the exempt tag). */
  exempt?: string;
  reason: string;
}

/** One key per entitlement: `<principal>|<kind>|<target>`, the claim and cap slot of its revocation. */
export function entitlementId(r: Pick<PlannedRevocation, 'principalArn' | 'entitlement' | 'target'>): string {
  return [r.principalArn, r.entitlement, r.target].join('|');
}

/**
 * One revocation per entitlement named by EXPIRED_APPROVAL_ACTIVE findings. The engine raises that
 * finding only when no approval in force covers the entitlement (lib/core/pairing.ts `covered`:
 * overlapping grants are RECONCILED as superseded), so nothing an active approval names is planned.
 */
export function planRevocations(findings: readonly Finding[]): PlannedRevocation[] {
  const out = new Map<string, PlannedRevocation>();
  for (const f of findings) {
    if (f.type !== 'EXPIRED_APPROVAL_ACTIVE' || !f.observed || !f.approval) continue;
    const principalType = PRINCIPAL_TYPE[f.resource.type];
    if (!principalType) continue;
    const entitlement = f.observed.kind;
    const target = entitlement === 'managed-policy' || entitlement === 'group-membership' || entitlement === 'inline-policy' ? f.observed.target : '';
    const ended = f.approval.status === 'revoked' ? undefined : f.approval.expiresAt;
    const id = entitlementId({ principalArn: f.resource.id, entitlement, target });
    const held = out.get(id);
    if (held) {
      held.tickets.push(f.approval.ticketId);
      // A revoked approval has no end time on record: then the first sighting decides for all.
      if (ended === undefined || held.endedAt === undefined) delete held.endedAt;
      else if (toMs(ended) > toMs(held.endedAt)) held.endedAt = ended;
      held.reason += `; ${f.summary}`;
      continue;
    }
    const reportOnly = REPORT_ONLY[entitlement];
    out.set(id, {
      kind: 'revoke-entitlement',
      findingId: f.id,
      entitlement,
      principalArn: f.resource.id,
      principalType,
      principalName: f.resource.name,
      target,
      tickets: [f.approval.ticketId],
      ...(ended ? { endedAt: ended } : {}),
      ...(reportOnly ? { reportOnly } : {}),
      ...(f.exempt ? { exempt: `${f.exempt.source}: ${f.exempt.reason}` } : {}),
      reason: `EXPIRED_APPROVAL_ACTIVE: ${f.summary}`,
    });
  }
  return [...out.values()];
}

export function isRevocable(kind: EntitlementKind): kind is RevocableKind {
  return (REVOCABLE_KINDS as readonly string[]).includes(kind);
}
