import type { ApprovedEntitlement } from './approval';
import type { NormalisedApproval } from './approval-set';
import { approvalSummaries } from './approval-summary';
import { resourceOfPrincipal } from './arn';
import { assembleFinding } from './assemble-finding';
import { SEVERITIES, type Exemption, type Finding, type FindingResource, type Severity } from './finding';
import type { Inventory, Tags } from './inventory';
import { findingId } from './finding-id';
import type { Fact } from './observed';
import type { Pairing } from './pairing';
import type { Policy, Thresholds } from './policy';
import { groupBy } from './group-by';
import { PrivilegeIndex } from './privilege';

/** What a rule needs; built once per reconcile. */
export interface RuleContext {
  inventory: Inventory;
  policy: Policy;
  nowMs: number;
  now: string;
  approvals: NormalisedApproval[];
  /** `secret` approvals by resolved principal (the secret ARN). */
  secretApprovals: Map<string, NormalisedApproval[]>;
  facts: Fact[];
  pairing: Pairing;
  privilege: PrivilegeIndex;
  /** Exemptions in force by principal ARN. */
  exemptions: Map<string, Exemption>;
  isPrivileged(principal: string): boolean;
  thresholds(principal: string): Thresholds;
  /** The resource a finding names when only the principal is known; one shared object per principal. */
  principalResource(principal: string): FindingResource;
  /** `<entitlement> — <reason>`, one shared string per entitlement where the reason is shared. */
  approvalSummary(e: ApprovedEntitlement, reason: string): string;
  /** Builds a finding with its stable id, exemption and privilege-adjusted severity. */
  finding(input: FindingInput): Finding;
}

export type FindingInput = Omit<Finding, 'id' | 'accountId' | 'detectedAt' | 'privileged' | 'exempt'> & {
  /** The principal whose privilege and exemption apply (defaults to the resource). */
  principal?: string;
  /** Distinguishes findings of one type on one resource (e.g. the entitlement or approval). */
  discriminator?: string;
  /** What the id is computed from when not the resource id (access keys: see keyIdentity). */
  idBasis?: string;
  /** The id, when it was already computed (approval outcomes: see Verdict.findingId). */
  id?: string;
};

/** One step up for privileged principals, never past CRITICAL; INFORMATIONAL stays. */
export function raise(severity: Severity, privileged: boolean): Severity {
  if (!privileged || severity === 'INFORMATIONAL') return severity;
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)]!;
}

/** Principals the stricter thresholds apply to: privileged approvals and admin-like access (direct or via a group). */
export function privilegedPrincipals(inv: Inventory, approvals: NormalisedApproval[], privilege: PrivilegeIndex): Set<string> {
  const out = new Set(approvals.filter((a) => a.approval.risk === 'privileged').map((a) => a.principal));
  for (const u of inv.users) {
    const direct = privilege.adminLike(u.attachedPolicies, u.inlinePolicies);
    if (direct.length || u.groups.some((g) => privilege.adminLikeViaGroup(g).length)) out.add(u.arn);
  }
  for (const r of inv.roles) if (privilege.adminLike(r.attachedPolicies, r.inlinePolicies).length) out.add(r.arn);
  return out;
}

/** Exemptions by principal: tags, and approvals in force only (a revoked or expired approval exempts nothing). */
function exemptionIndex(inv: Inventory, approvals: NormalisedApproval[], tag: string): Map<string, Exemption> {
  const out = new Map<string, Exemption>();
  for (const a of approvals) {
    if (a.active && a.approval.exempt) out.set(a.principal, { source: 'approval', reason: a.approval.exemptReason ?? `exempt by ${a.approval.ticketId}` });
  }
  const tagged: { arn: string; tags: Tags }[] = [...inv.users, ...inv.roles, ...inv.secrets];
  for (const { arn, tags } of tagged) {
    const value = tags[tag];
    if (value !== undefined && value.toLowerCase() !== 'false') out.set(arn, { source: 'tag', reason: value || `tagged ${tag}` });
  }
  return out;
}

export function buildContext(
  inventory: Inventory,
  policy: Policy,
  nowMs: number,
  approvals: NormalisedApproval[],
  facts: Fact[],
  pairing: Pairing,
): RuleContext {
  const privilege = new PrivilegeIndex(inventory);
  const privileged = privilegedPrincipals(inventory, approvals, privilege);
  const exemptions = exemptionIndex(inventory, approvals, policy.exemptTag);
  const now = new Date(nowMs).toISOString();
  const accountId = inventory.accountId;
  const resources = new Map<string, FindingResource>();
  return {
    inventory,
    policy,
    nowMs,
    now,
    approvals,
    secretApprovals: groupBy(
      approvals.filter((a) => a.approval.entitlement.kind === 'secret'),
      (a) => a.principal,
    ),
    facts,
    pairing,
    privilege,
    exemptions,
    isPrivileged: (p) => privileged.has(p),
    thresholds: (p) => (privileged.has(p) ? policy.privileged : policy.standard),
    approvalSummary: approvalSummaries(pairing.sharedReasons),
    principalResource(principal) {
      let r = resources.get(principal);
      if (!r) resources.set(principal, (r = resourceOfPrincipal(principal)));
      return r;
    },
    finding(input) {
      const r = input.resource;
      const owner = input.principal ?? r.principalArn ?? r.id;
      const isPriv = privileged.has(owner);
      const id = input.id ?? findingId(accountId, input.type, input.idBasis ?? r.id, input.discriminator);
      return assembleFinding(id, input, raise(input.severity, isPriv), accountId, isPriv, exemptions.get(owner), now);
    },
  };
}
