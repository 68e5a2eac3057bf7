import type { EntitlementKind } from './approval';
import type { NormalisedApproval } from './approval-set';
import type { Inventory, InventoryCoverage, UnreadPart } from './inventory';
import { groupBy } from './group-by';
import { findingId } from './finding-id';
import { approvalMatchTarget, findSlot, indexFacts, type PrincipalFacts, type Slot } from './fact-index';
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
  /** One per approval, at the approval's index: the approvals themselves, which carry their verdicts. */
  verdicts: Verdict[];
  /** Observed entitlements no approval, current or past, explains. */
  unapproved: Fact[];
  /** Reasons that do not depend on the approval beyond its entitlement: one string each, shared by every verdict that gives it. */
  sharedReasons: ReadonlySet<string>;
}

/** The inventory parts an entitlement's absence is read from: keys need GAAD's users and the report's rows. */
const COVERAGE: Record<EntitlementKind, readonly (keyof InventoryCoverage)[]> = {
  identity: ['iam'],
  'managed-policy': ['iam'],
  'inline-policy': ['iam'],
  'group-membership': ['iam'],
  'role-trust': ['iam'],
  'access-key': ['iam', 'credentialReport'],
  secret: ['secrets'],
};

/**
 * Whether a targeted read left the approval's entitlement unread on its principal. A managed policy
 * may reach a user through a group, so its absence needs the groups read too.
 */
function partUnread(parts: readonly UnreadPart[] | undefined, na: NormalisedApproval): boolean {
  if (!parts) return false;
  const e = na.approval.entitlement;
  return parts.some(
    (p) => (p.kind === e.kind && !p.except?.includes(approvalMatchTarget(e))) || (e.kind === 'managed-policy' && p.kind === 'group-membership'),
  );
}

/** Kinds where a different entitlement of the same kind on the principal means "wrong one applied". */
const DRIFTABLE = new Set<EntitlementKind>(['managed-policy', 'inline-policy', 'group-membership']);

/** Gives the approval its verdict, in the fields it was built with (its id is set once the outcome is known). */
function verdict(na: NormalisedApproval, outcome: ApprovalOutcomeKind, reason: string, fact?: Fact): Verdict {
  na.outcome = outcome;
  na.reason = reason;
  na.fact = fact;
  return na;
}

function presentVerdict(na: NormalisedApproval, fact: Fact): Verdict {
  const e = na.approval.entitlement;
  if (e.kind === 'inline-policy' && e.documentSha256 && e.documentSha256 !== fact.documentSha256) {
    return verdict(na, 'DRIFTED_ENTITLEMENT', `inline policy ${e.policyName} changed since approval (document hash differs)`, fact);
  }
  if (e.kind === 'role-trust') {
    const allowed = new Set(e.principals.map(normaliseTrustPrincipal));
    const extra = (fact.trustPrincipals ?? []).filter((p) => !allowed.has(p));
    if (extra.length) return verdict(na, 'DRIFTED_ENTITLEMENT', `trust policy also allows ${extra.join(', ')}`, fact);
  }
  if (e.kind === 'access-key' && (fact.activeKeys ?? 0) > e.maxKeys) {
    return verdict(na, 'DRIFTED_ENTITLEMENT', `${fact.activeKeys} active access keys, ${e.maxKeys} approved`, fact);
  }
  return verdict(na, 'RECONCILED', PRESENT[e.kind], fact);
}

// The summary names the entitlement before the reason (`managed policy X — present as approved`): no kind here.
const PRESENT = Object.fromEntries(Object.keys(COVERAGE).map((k) => [k, 'present as approved'])) as Record<EntitlementKind, string>;
const NOT_READ: Record<keyof InventoryCoverage, string> = { iam: 'iam not read', credentialReport: 'credentialReport not read', secrets: 'secrets not read' };
const PART_NOT_READ = Object.fromEntries(Object.keys(COVERAGE).map((k) => [k, `${k} of this principal not read`])) as Record<EntitlementKind, string>;
const KEYS_UNREAD = 'credentialReport has no row for this user (created after the report, or recreated): keys not read';
const REVOKED_REMOVED = 'approval revoked; entitlement removed';

const STILL_PRESENT = Object.fromEntries(Object.keys(COVERAGE).map((k) => [k, `${k} still present`])) as Record<EntitlementKind, string>;

/** `f` once per pair of arguments: a sweep gives the same few reasons to hundreds of thousands of approvals. */
function memo<A, B>(f: (a: A, b: B) => string): (a: A, b: B) => string {
  const cache = new Map<A, Map<B, string>>();
  return (a, b) => {
    let byB = cache.get(a);
    if (!byB) cache.set(a, (byB = new Map()));
    let out = byB.get(b);
    if (out === undefined) byB.set(b, (out = f(a, b)));
    return out;
  };
}

/** Covered by an active approval: one naming it, or for an identity, any naming the principal. */
function covered(s: Slot): boolean {
  return s.active || (s.kind === 'identity' && s.owner.activeApproval);
}

/** Facts of `kind` on the principal that no approval, active or ended, names, by target: what a missing approval may have drifted to. */
function driftCandidates(p: PrincipalFacts, kind: EntitlementKind, facts: readonly Fact[], slotOf: readonly Slot[]): number[] {
  p.drift ??= new Map();
  let out = p.drift.get(kind);
  if (!out) {
    out = p.facts.filter((i) => facts[i]!.kind === kind && !covered(slotOf[i]!) && !slotOf[i]!.inactive);
    out.sort((a, b) => (facts[a]!.target < facts[b]!.target ? -1 : facts[a]!.target > facts[b]!.target ? 1 : 0));
    p.drift.set(kind, out);
  }
  return out;
}

/**
 * Pairs approvals with observed entitlements. Every approval gets one verdict; an observed entitlement
 * is either covered by an active approval, explained by a drifted or expired one, or unapproved.
 */
export function pair(inventory: Inventory, approvals: NormalisedApproval[], facts: Fact[], policy: Policy, nowMs: number): Pairing {
  const { byPrincipal, slotOf } = indexFacts(facts);
  const slotOfApproval = new Array<Slot | undefined>(approvals.length);
  for (let i = 0; i < approvals.length; i++) {
    const a = approvals[i]!;
    const p = byPrincipal.get(a.principal);
    const e = a.approval.entitlement;
    const s = p && findSlot(p, e.kind, approvalMatchTarget(e));
    slotOfApproval[i] = s;
    if (a.active) {
      if (p) p.activeApproval = true;
      if (s) s.active = true;
    } else if (s) s.inactive = true;
  }
  // Only entitlements with an ended approval need the tickets that supersede it.
  for (let i = 0; i < approvals.length; i++) {
    const s = slotOfApproval[i];
    if (s?.inactive && approvals[i]!.active) (s.superseding ??= []).push(approvals[i]!.approval.ticketId);
  }
  const usersByArn = new Map(inventory.users.map((u) => [u.arn, u]));
  const keysUnread = new Set(inventory.keysUnread);
  const unreadParts = groupBy(inventory.unreadParts ?? [], (p) => p.principal);
  /** Why the approval's entitlement could not be seen, when it could not: then its absence proves nothing. */
  const kindNotRead = new Map<EntitlementKind, string | undefined>();
  for (const [kind, parts] of Object.entries(COVERAGE) as [EntitlementKind, readonly (keyof InventoryCoverage)[]][]) {
    const part = parts.find((p) => !inventory.coverage[p]);
    kindNotRead.set(kind, part && NOT_READ[part]);
  }
  const unread = (na: NormalisedApproval): string | undefined => {
    const kind = na.approval.entitlement.kind;
    const notRead = kindNotRead.get(kind);
    if (notRead) return notRead;
    if (unreadParts.size && partUnread(unreadParts.get(na.principal), na)) return PART_NOT_READ[kind];
    return kind === 'access-key' && keysUnread.has(na.principal) ? KEYS_UNREAD : undefined;
  };
  const keysReadMs = inventory.keysReadAt === undefined ? undefined : toMs(inventory.keysReadAt);
  const removedSince = (na: NormalisedApproval, verifiedAt: string): string => {
    const kind = na.approval.entitlement.kind;
    const inactive = kind === 'access-key' ? (usersByArn.get(na.principal)?.accessKeys ?? []).filter((k) => !k.active) : [];
    if (inactive.length === 0) return `no longer found; present when verified at ${verifiedAt}`;
    const keys = inactive.map((k) => k.accessKeyId ?? `key ${k.slot}`).join(', ');
    return `${keys} inactive; active when verified at ${verifiedAt}`;
  };
  const groupPolicies = new Map(inventory.groups.map((g) => [g.name, g.attachedPolicies.map((p) => p.policyArn)]));

  const viaApprovedGroup = (na: NormalisedApproval): string | undefined => {
    const e = na.approval.entitlement;
    if (e.kind !== 'managed-policy') return undefined;
    const p = byPrincipal.get(na.principal);
    return usersByArn
      .get(na.principal)
      ?.groups.filter((g) => (p && findSlot(p, 'group-membership', g)?.active) === true)
      .find((g) => groupPolicies.get(g)?.includes(e.policyArn));
  };

  const sharedReasons = new Set([...Object.values(PRESENT), REVOKED_REMOVED, ...Object.values(PART_NOT_READ), ...Object.values(NOT_READ)]);
  const endedHow = memo((status: string, expiresAt: string | undefined) => (status === 'revoked' ? 'revoked' : `expired ${expiresAt}`));
  const ended = memo((why: string, what: string) => {
    const reason = `approval ${why}; ${what}`;
    sharedReasons.add(reason);
    return reason;
  });
  const notProvisioned = memo((kind: EntitlementKind, graceHours: number) => `no ${kind} found ${graceHours} h after approval`);

  const verdictFor = (na: NormalisedApproval, slot: Slot | undefined): Verdict => {
    const fact = slot?.fact;
    const kind = na.approval.entitlement.kind;
    if (!na.active) {
      const why = endedHow(na.approval.status, na.approval.expiresAt);
      if (!slot || !fact) {
        const notRead = unread(na);
        return notRead ? verdict(na, 'UNVERIFIED', notRead) : verdict(na, 'RECONCILED', why === 'revoked' ? REVOKED_REMOVED : ended(why, 'entitlement removed'));
      }
      if (covered(slot)) {
        const by = (slot.superseding ?? []).join(', ') || 'another active approval';
        return verdict(na, 'RECONCILED', `approval ${why}; superseded by ${by}`, fact);
      }
      return verdict(na, 'EXPIRED_APPROVAL_ACTIVE', ended(why, STILL_PRESENT[kind]), fact);
    }
    if (fact) return presentVerdict(na, fact);
    const group = viaApprovedGroup(na);
    if (group) return verdict(na, 'RECONCILED', `policy reaches the user through approved group ${group}`);
    const notRead = unread(na);
    if (notRead) return verdict(na, 'UNVERIFIED', notRead);
    const { verifiedAt } = na.approval;
    const graceHours = na.approval.provisioningGraceHours ?? policy.provisioningGraceHours;
    if (verifiedAt === undefined && nowMs - toMs(na.approval.approvedAt) <= graceHours * HOUR_MS) {
      return verdict(na, 'PENDING', `within the ${graceHours} h provisioning grace period`);
    }
    if (kind === 'access-key' && keysReadMs !== undefined) {
      if (verifiedAt !== undefined && keysReadMs <= toMs(verifiedAt)) {
        return verdict(na, 'UNVERIFIED', `credential report of ${inventory.keysReadAt} predates the verification at ${verifiedAt}`);
      }
      if (verifiedAt === undefined && keysReadMs - toMs(na.approval.approvedAt) <= graceHours * HOUR_MS) {
        return verdict(na, 'UNVERIFIED', `credential report of ${inventory.keysReadAt} predates the end of the ${graceHours} h provisioning grace period`);
      }
    }
    const p = DRIFTABLE.has(kind) ? byPrincipal.get(na.principal) : undefined;
    const wrong = p && driftCandidates(p, kind, facts, slotOf).find((i) => !slotOf[i]!.paired);
    if (wrong !== undefined) {
      slotOf[wrong]!.paired = true;
      const f = facts[wrong]!;
      return verdict(na, 'DRIFTED_ENTITLEMENT', `${f.target} present instead of the approved ${kind}`, f);
    }
    // "Never provisioned" must mean never: present when verified, gone since (Tally's action or anyone's).
    if (verifiedAt !== undefined) return verdict(na, 'DEPROVISIONED', removedSince(na, verifiedAt));
    return verdict(na, 'APPROVED_NOT_PROVISIONED', notProvisioned(kind, graceHours));
  };

  for (let i = 0; i < approvals.length; i++) {
    const na = approvals[i]!;
    const slot = slotOfApproval[i];
    const v = verdictFor(na, slot);
    if (v.outcome !== 'PENDING' && v.outcome !== 'UNVERIFIED') v.findingId = findingId(inventory.accountId, v.outcome, v.fact?.resource.id ?? na.principal, na.key);
    if (v.outcome === 'EXPIRED_APPROVAL_ACTIVE') slot!.owner.expired = true;
  }
  const unapproved = facts.filter((f, i) => {
    const s = slotOf[i]!;
    if (covered(s) || s.paired || s.inactive || f.serviceManaged) return false;
    if (f.kind === 'identity') return !s.owner.expired;
    if (f.kind === 'role-trust') return (f.trustPrincipals ?? []).some((p) => isExternalTrust(p, inventory.accountId));
    return true;
  });
  return { verdicts: approvals, unapproved, sharedReasons };
}
