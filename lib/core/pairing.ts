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
  /** One per approval, at the approval's index. */
  verdicts: Verdict[];
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

/** Every verdict has one shape (its id is set once the outcome is known), so none grows a property store. */
function verdict(outcome: ApprovalOutcomeKind, reason: string, fact?: Fact): Verdict {
  return { outcome, reason, fact, findingId: undefined };
}

function presentVerdict(na: NormalisedApproval, fact: Fact): Verdict {
  const e = na.approval.entitlement;
  if (e.kind === 'inline-policy' && e.documentSha256 && e.documentSha256 !== fact.documentSha256) {
    return verdict('DRIFTED_ENTITLEMENT', `inline policy ${e.policyName} changed since approval (document hash differs)`, fact);
  }
  if (e.kind === 'role-trust') {
    const allowed = new Set(e.principals.map(normaliseTrustPrincipal));
    const extra = (fact.trustPrincipals ?? []).filter((p) => !allowed.has(p));
    if (extra.length) return verdict('DRIFTED_ENTITLEMENT', `trust policy also allows ${extra.join(', ')}`, fact);
  }
  if (e.kind === 'access-key' && (fact.activeKeys ?? 0) > e.maxKeys) {
    return verdict('DRIFTED_ENTITLEMENT', `${fact.activeKeys} active access keys, ${e.maxKeys} approved`, fact);
  }
  return verdict('RECONCILED', PRESENT[e.kind], fact);
}

const PRESENT = Object.fromEntries(Object.keys(COVERAGE).map((k) => [k, `${k} present as approved`])) as Record<EntitlementKind, string>;

/**
 * Pairs approvals with observed entitlements. Every approval gets one verdict; an observed entitlement
 * is either covered by an active approval, explained by a drifted or expired one, or unapproved.
 */
export function pair(inventory: Inventory, approvals: NormalisedApproval[], facts: Fact[], policy: Policy, nowMs: number): Pairing {
  const factByKey = new Map<string, Fact>();
  for (const f of facts) factByKey.set(f.matchKey, f);
  const activeMatch = new Set<string>();
  const activePrincipals = new Set<string>();
  const inactiveMatched = new Set<string>();
  for (const a of approvals) {
    if (a.active) {
      activeMatch.add(a.matchKey);
      activePrincipals.add(a.principal);
    } else inactiveMatched.add(a.matchKey);
  }
  // Only entitlements with an ended approval need the tickets that supersede it.
  const supersedingTickets = groupBy(
    approvals.filter((a) => a.active && inactiveMatched.has(a.matchKey)),
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
      if (!fact) return read ? verdict('RECONCILED', `approval ${why}; entitlement removed`) : verdict('UNVERIFIED', `${COVERAGE[kind]} not read`);
      if (covered(fact)) {
        const by = (supersedingTickets.get(fact.matchKey) ?? []).map((a) => a.approval.ticketId).join(', ') || 'another active approval';
        return verdict('RECONCILED', `approval ${why}; superseded by ${by}`, fact);
      }
      return verdict('EXPIRED_APPROVAL_ACTIVE', `approval ${why}; ${kind} still present`, fact);
    }
    if (fact) return presentVerdict(na, fact);
    const group = viaApprovedGroup(na);
    if (group) return verdict('RECONCILED', `policy reaches the user through approved group ${group}`);
    if (!read) return verdict('UNVERIFIED', `${COVERAGE[kind]} not read`);
    const graceHours = na.approval.provisioningGraceHours ?? policy.provisioningGraceHours;
    if (nowMs - toMs(na.approval.approvedAt) <= graceHours * HOUR_MS) {
      return verdict('PENDING', `within the ${graceHours} h provisioning grace period`);
    }
    const wrong = (driftCandidates.get(`${na.principal}|${kind}`) ?? []).find((f) => !paired.has(f.matchKey));
    if (wrong) {
      paired.add(wrong.matchKey);
      return verdict('DRIFTED_ENTITLEMENT', `${wrong.target} present instead of the approved ${kind}`, wrong);
    }
    return verdict('APPROVED_NOT_PROVISIONED', `no ${kind} found ${graceHours} h after approval`);
  };

  const verdicts = new Array<Verdict>(approvals.length);
  const expiredPrincipals = new Set<string>();
  for (let i = 0; i < approvals.length; i++) {
    const na = approvals[i]!;
    const v = verdictFor(na);
    if (v.outcome !== 'PENDING' && v.outcome !== 'UNVERIFIED') v.findingId = findingId(inventory.accountId, v.outcome, v.fact?.resource.id ?? na.principal, na.key);
    if (v.outcome === 'EXPIRED_APPROVAL_ACTIVE') expiredPrincipals.add(na.principal);
    verdicts[i] = v;
  }
  const unapproved = facts.filter((f) => {
    if (covered(f) || paired.has(f.matchKey) || inactiveMatched.has(f.matchKey) || f.serviceManaged) return false;
    if (f.kind === 'identity') return !expiredPrincipals.has(f.principal);
    if (f.kind === 'role-trust') return (f.trustPrincipals ?? []).some((p) => isExternalTrust(p, inventory.accountId));
    return true;
  });
  return { verdicts, unapproved };
}
