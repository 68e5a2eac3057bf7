import type { EntitlementKind } from './approval';
import type { NormalisedApproval } from './approval-set';
import type { Inventory, InventoryCoverage } from './inventory';
import { findingId } from './finding-id';
import { groupBy } from './group-by';
import type { Fact } from './observed';
import type { Policy } from './policy';
import type { ApprovalOutcomeKind } from './result';
import { HOUR_MS, toMs } from './time';
import { isExternalTrust, normaliseTrustPrincipal } from './trust';

/** Why an approval ended in its outcome, and the observed entitlement behind it. */
export interface Verdict {
  outcome: ApprovalOutcomeKind;
  reason: string;
  fact?: Fact;
  /** The id of the finding that carries this outcome (none for PENDING and UNVERIFIED). */
  findingId?: string;
}

export interface Pairing {
  verdicts: Map<string, Verdict>;
  /** Observed entitlements no approval, current or past, explains. */
  unapproved: Fact[];
}

const COVERAGE: Record<EntitlementKind, keyof InventoryCoverage> = {
  identity: 'iam',
  'managed-policy': 'iam',
  'inline-policy': 'iam',
  'group-membership': 'iam',
  'role-trust': 'iam',
  'access-key': 'credentialReport',
  secret: 'secrets',
};

/** Kinds where a different entitlement of the same kind on the principal means "wrong one applied". */
const DRIFTABLE = new Set<EntitlementKind>(['managed-policy', 'inline-policy', 'group-membership']);

function presentVerdict(na: NormalisedApproval, fact: Fact): Verdict {
  const e = na.approval.entitlement;
  if (e.kind === 'inline-policy' && e.documentSha256 && e.documentSha256 !== fact.documentSha256) {
    return { outcome: 'DRIFTED_ENTITLEMENT', fact, reason: `inline policy ${e.policyName} changed since approval (document hash differs)` };
  }
  if (e.kind === 'role-trust') {
    const allowed = new Set(e.principals.map(normaliseTrustPrincipal));
    const extra = (fact.trustPrincipals ?? []).filter((p) => !allowed.has(p));
    if (extra.length) return { outcome: 'DRIFTED_ENTITLEMENT', fact, reason: `trust policy also allows ${extra.join(', ')}` };
  }
  if (e.kind === 'access-key' && (fact.activeKeys ?? 0) > e.maxKeys) {
    return { outcome: 'DRIFTED_ENTITLEMENT', fact, reason: `${fact.activeKeys} active access keys, ${e.maxKeys} approved` };
  }
  return { outcome: 'RECONCILED', fact, reason: PRESENT[e.kind] };
}

const PRESENT = Object.fromEntries(Object.keys(COVERAGE).map((k) => [k, `${k} present as approved`])) as Record<EntitlementKind, string>;

/**
 * Pairs approvals with observed entitlements. Every approval gets one verdict; an observed entitlement
 * is either covered by an active approval, explained by a drifted or expired one, or unapproved.
 */
export function pair(inventory: Inventory, approvals: NormalisedApproval[], facts: Fact[], policy: Policy, nowMs: number): Pairing {
  const factByKey = new Map(facts.map((f) => [f.matchKey, f]));
  const active = approvals.filter((a) => a.active);
  const activeMatch = new Set(active.map((a) => a.matchKey));
  const activePrincipals = new Set(active.map((a) => a.principal));
  const inactiveMatched = new Set(approvals.filter((a) => !a.active).map((a) => a.matchKey));
  // Only entitlements with an ended approval need the tickets that supersede it.
  const supersedingTickets = groupBy(
    active.filter((a) => inactiveMatched.has(a.matchKey)),
    (a) => a.matchKey,
  );
  const covered = (f: Fact) => activeMatch.has(f.matchKey) || (f.kind === 'identity' && activePrincipals.has(f.principal));
  const driftCandidates = groupBy(
    facts
      .filter((f) => DRIFTABLE.has(f.kind) && !covered(f) && !inactiveMatched.has(f.matchKey))
      .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0)),
    (f) => `${f.principal}|${f.kind}`,
  );
  const paired = new Set<string>();
  const usersByArn = new Map(inventory.users.map((u) => [u.arn, u]));
  const groupPolicies = new Map(inventory.groups.map((g) => [g.name, g.attachedPolicies.map((p) => p.policyArn)]));

  const viaApprovedGroup = (na: NormalisedApproval): string | undefined => {
    const e = na.approval.entitlement;
    if (e.kind !== 'managed-policy') return undefined;
    return usersByArn
      .get(na.principal)
      ?.groups.filter((g) => activeMatch.has(`${na.principal}|group-membership|${g}`))
      .find((g) => groupPolicies.get(g)?.includes(e.policyArn));
  };

  const verdictFor = (na: NormalisedApproval): Verdict => {
    const fact = factByKey.get(na.matchKey);
    const kind = na.approval.entitlement.kind;
    const read = inventory.coverage[COVERAGE[kind]];
    if (!na.active) {
      const why = na.approval.status === 'revoked' ? 'revoked' : `expired ${na.approval.expiresAt}`;
      if (!fact) return read ? { outcome: 'RECONCILED', reason: `approval ${why}; entitlement removed` } : { outcome: 'UNVERIFIED', reason: `${COVERAGE[kind]} not read` };
      if (covered(fact)) {
        const by = (supersedingTickets.get(fact.matchKey) ?? []).map((a) => a.approval.ticketId).join(', ') || 'another active approval';
        return { outcome: 'RECONCILED', fact, reason: `approval ${why}; superseded by ${by}` };
      }
      return { outcome: 'EXPIRED_APPROVAL_ACTIVE', fact, reason: `approval ${why}; ${kind} still present` };
    }
    if (fact) return presentVerdict(na, fact);
    const group = viaApprovedGroup(na);
    if (group) return { outcome: 'RECONCILED', reason: `policy reaches the user through approved group ${group}` };
    if (!read) return { outcome: 'UNVERIFIED', reason: `${COVERAGE[kind]} not read` };
    const graceHours = na.approval.provisioningGraceHours ?? policy.provisioningGraceHours;
    if (nowMs - toMs(na.approval.approvedAt) <= graceHours * HOUR_MS) {
      return { outcome: 'PENDING', reason: `within the ${graceHours} h provisioning grace period` };
    }
    const wrong = (driftCandidates.get(`${na.principal}|${kind}`) ?? []).find((f) => !paired.has(f.matchKey));
    if (wrong) {
      paired.add(wrong.matchKey);
      return { outcome: 'DRIFTED_ENTITLEMENT', fact: wrong, reason: `${wrong.target} present instead of the approved ${kind}` };
    }
    return { outcome: 'APPROVED_NOT_PROVISIONED', reason: `no ${kind} found ${graceHours} h after approval` };
  };

  const verdicts = new Map<string, Verdict>();
  for (const na of approvals) {
    const v = verdictFor(na);
    if (v.outcome !== 'PENDING' && v.outcome !== 'UNVERIFIED') v.findingId = findingId(inventory.accountId, v.outcome, v.fact?.resource.id ?? na.principal, na.key);
    verdicts.set(na.key, v);
  }
  const expiredPrincipals = new Set(
    approvals.filter((na) => verdicts.get(na.key)?.outcome === 'EXPIRED_APPROVAL_ACTIVE').map((na) => na.principal),
  );
  const unapproved = facts.filter((f) => {
    if (covered(f) || paired.has(f.matchKey) || inactiveMatched.has(f.matchKey) || f.serviceManaged) return false;
    if (f.kind === 'identity') return !expiredPrincipals.has(f.principal);
    if (f.kind === 'role-trust') return (f.trustPrincipals ?? []).some((p) => isExternalTrust(p, inventory.accountId));
    return true;
  });
  return { verdicts, unapproved };
}
