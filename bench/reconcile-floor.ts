import { approvalKey, type Approval, type EntitlementKind } from '../lib/core/approval';
import { documentSha256 } from '../lib/core/canonical-json';
import { findingId } from '../lib/core/finding-id';
import type { Inventory } from '../lib/core/inventory';
import type { Policy } from '../lib/core/policy';
import type { ApprovalOutcomeKind } from '../lib/core/result';
import { isExternalTrust, normaliseTrustPrincipal, trustPrincipals } from '../lib/core/trust';

/**
 * The floor the reconcile engine is measured against: the least work that gives the same answers —
 * each approval's key, outcome and finding id, and the ids of the unapproved entitlements. Index the
 * entitlements of each principal in a Map, classify each approval against it, hash the ids. It builds
 * no finding objects, no evidence, no summaries; it skips the targeted-read refinements (unread
 * parts, keys not in the credential report), which full-account inputs never exercise, and the
 * hygiene rules (keys, roles, secrets), a few percent of the findings.
 */
export interface FloorOutcome {
  approvalKey: string;
  outcome: ApprovalOutcomeKind;
  findingId?: string;
}

export interface FloorResult {
  outcomes: FloorOutcome[];
  /** Ids of the UNAPPROVED_ENTITLEMENT findings (root keys aside). */
  unapproved: string[];
}

interface Entitlement {
  kind: EntitlementKind;
  target: string;
  activeKeys: number;
  /** Index into the principal's inline documents, for hash checks; -1 otherwise. */
  doc: number;
  active: boolean;
  inactive: boolean;
  paired: boolean;
}

interface Principal {
  arn: string;
  entitlements: Map<string, Entitlement>;
  docs: Record<string, unknown>[];
  trust: Record<string, unknown> | undefined;
  groups: string[];
  activeApproval: boolean;
  expired: boolean;
  /** A secret an AWS service manages: approvable, never unapproved. */
  serviceManaged: boolean;
}

const SINGLE = new Set<EntitlementKind>(['identity', 'access-key', 'role-trust', 'secret']);
const DRIFTABLE = new Set<EntitlementKind>(['managed-policy', 'inline-policy', 'group-membership']);
const HOUR_MS = 3_600_000;

function target(a: Approval): string {
  const e = a.entitlement;
  return e.kind === 'managed-policy' ? e.policyArn : e.kind === 'inline-policy' ? e.policyName : e.kind === 'group-membership' ? e.group : '';
}

function index(inv: Inventory): Map<string, Principal> {
  const out = new Map<string, Principal>();
  const principal = (arn: string, groups: string[], trust?: Record<string, unknown>, serviceManaged = false) => {
    const p: Principal = { arn, entitlements: new Map(), docs: [], trust, groups, activeApproval: false, expired: false, serviceManaged };
    out.set(arn, p);
    return p;
  };
  const add = (p: Principal, kind: EntitlementKind, t: string, activeKeys = 0, doc = -1) => {
    const tt = SINGLE.has(kind) ? '' : t;
    p.entitlements.set(`${kind}|${tt}`, { kind, target: tt, activeKeys, doc, active: false, inactive: false, paired: false });
  };
  const policies = (p: Principal, x: Inventory['users'][number] | Inventory['roles'][number] | Inventory['groups'][number]) => {
    for (const m of x.attachedPolicies) add(p, 'managed-policy', m.policyArn);
    for (const i of x.inlinePolicies) add(p, 'inline-policy', i.policyName, 0, p.docs.push(i.document) - 1);
  };
  for (const u of inv.users) {
    const p = principal(u.arn, u.groups);
    add(p, 'identity', '');
    policies(p, u);
    for (const g of u.groups) add(p, 'group-membership', g);
    const active = u.accessKeys.filter((k) => k.active).length;
    if (active > 0) add(p, 'access-key', '', active);
  }
  for (const r of inv.roles) {
    if (r.path.startsWith('/aws-service-role/')) continue;
    const p = principal(r.arn, [], r.trustPolicy);
    add(p, 'identity', '');
    policies(p, r);
    add(p, 'role-trust', '');
  }
  for (const g of inv.groups) policies(principal(g.arn, []), g);
  for (const s of inv.secrets) if (!s.deletedAt) add(principal(s.arn, [], undefined, Boolean(s.owningService)), 'secret', '');
  return out;
}

const covered = (p: Principal, e: Entitlement) => e.active || (e.kind === 'identity' && p.activeApproval);

/** Same answers as `reconcile` for a full-account read (see {@link FloorResult}). */
export function reconcileFloor(inv: Inventory, given: Approval[], policy: Policy, now: string): FloorResult {
  const nowMs = Date.parse(now);
  const account = inv.accountId;
  const principals = index(inv);
  const secrets = new Map<string, string>();
  for (const s of inv.secrets) {
    secrets.set(s.arn, s.arn).set(s.name, s.arn);
    if (/-[A-Za-z0-9]{6}$/.test(s.arn)) secrets.set(s.arn.slice(0, -7), s.arn);
  }
  const groupPolicies = new Map(inv.groups.map((g) => [g.name, g.attachedPolicies.map((a) => a.policyArn)]));

  // One approval per key: newest, then revoked first, then the smaller JSON.
  const byKey = new Map<string, Approval>();
  for (const a of given) {
    if (a.status === 'draft') continue;
    const key = approvalKey(a);
    const b = byKey.get(key);
    if (!b) byKey.set(key, a);
    else if (a.approvedAt !== b.approvedAt ? !(Date.parse(b.approvedAt) > Date.parse(a.approvedAt)) : a.status !== b.status ? a.status === 'revoked' : JSON.stringify(a) < JSON.stringify(b)) byKey.set(key, a);
  }

  interface Entry { key: string; a: Approval; arn: string; p: Principal | undefined; e: Entitlement | undefined; active: boolean }
  const entries: Entry[] = [];
  for (const [key, a] of byKey) {
    const arn = a.entitlement.kind === 'secret' ? (secrets.get(a.principal) ?? a.principal) : a.principal;
    const p = principals.get(arn);
    const e = p?.entitlements.get(`${a.entitlement.kind}|${target(a)}`);
    const active = a.status === 'approved' && (a.expiresAt === undefined || Date.parse(a.expiresAt) > nowMs);
    if (active) {
      if (p) p.activeApproval = true;
      if (e) e.active = true;
    } else if (e) e.inactive = true;
    entries.push({ key, a, arn, p, e, active });
  }

  const unread = (kind: EntitlementKind) => (kind === 'secret' ? !inv.coverage.secrets : !inv.coverage.iam || (kind === 'access-key' && !inv.coverage.credentialReport));
  const outcomes: FloorOutcome[] = [];
  const missing: { entry: Entry; out: FloorOutcome }[] = [];
  for (const x of entries) {
    const { a, p, e } = x;
    const kind = a.entitlement.kind;
    let outcome: ApprovalOutcomeKind;
    if (!x.active) {
      if (!e) outcome = unread(kind) ? 'UNVERIFIED' : 'RECONCILED';
      else if (covered(p!, e)) outcome = 'RECONCILED';
      else {
        outcome = 'EXPIRED_APPROVAL_ACTIVE';
        p!.expired = true;
      }
    } else if (e) outcome = presentOutcome(a, p!, e);
    else if (kind === 'managed-policy' && p?.groups.some((g) => p.entitlements.get(`group-membership|${g}`)?.active && groupPolicies.get(g)?.includes(target(a)))) outcome = 'RECONCILED';
    else if (unread(kind)) outcome = 'UNVERIFIED';
    else if (a.verifiedAt === undefined && nowMs - Date.parse(a.approvedAt) <= (a.provisioningGraceHours ?? policy.provisioningGraceHours) * HOUR_MS) outcome = 'PENDING';
    else outcome = a.verifiedAt === undefined ? 'APPROVED_NOT_PROVISIONED' : 'DEPROVISIONED';
    const out: FloorOutcome = { approvalKey: x.key, outcome };
    outcomes.push(out);
    if (outcome === 'APPROVED_NOT_PROVISIONED' || outcome === 'DEPROVISIONED') {
      if (p && DRIFTABLE.has(kind)) missing.push({ entry: x, out });
    }
    if (outcome !== 'PENDING' && outcome !== 'UNVERIFIED') out.findingId = findingId(account, outcome, x.arn, x.key);
  }
  pairDrift(missing, account);

  const unapproved: string[] = [];
  for (const p of principals.values()) {
    for (const e of p.entitlements.values()) {
      if (covered(p, e) || e.paired || e.inactive || p.serviceManaged) continue;
      if (e.kind === 'identity' && p.expired) continue;
      if (e.kind === 'role-trust' && !trustPrincipals(p.trust!).some((t) => isExternalTrust(t, account))) continue;
      unapproved.push(findingId(account, 'UNAPPROVED_ENTITLEMENT', p.arn, `${p.arn}|${e.kind}|${e.target}`));
    }
  }
  return { outcomes, unapproved };
}

function presentOutcome(a: Approval, p: Principal, e: Entitlement): ApprovalOutcomeKind {
  const x = a.entitlement;
  if (x.kind === 'inline-policy' && x.documentSha256 && x.documentSha256 !== documentSha256(p.docs[e.doc])) return 'DRIFTED_ENTITLEMENT';
  if (x.kind === 'role-trust') {
    const allowed = new Set(x.principals.map(normaliseTrustPrincipal));
    if (trustPrincipals(p.trust!).some((t) => !allowed.has(t))) return 'DRIFTED_ENTITLEMENT';
  }
  if (x.kind === 'access-key' && e.activeKeys > x.maxKeys) return 'DRIFTED_ENTITLEMENT';
  return 'RECONCILED';
}

/** A missing entitlement drifted to an uncovered one of its kind on the principal: paired in key and target order. */
function pairDrift(missing: { entry: { key: string; a: Approval; arn: string; p: Principal | undefined }; out: FloorOutcome }[], account: string): void {
  missing.sort((x, y) => (x.entry.key < y.entry.key ? -1 : 1));
  const free = new Map<string, Entitlement[]>();
  for (const { entry, out } of missing) {
    const p = entry.p!;
    const kind = entry.a.entitlement.kind;
    const id = `${p.arn}|${kind}`;
    let candidates = free.get(id);
    if (!candidates) {
      candidates = [...p.entitlements.values()].filter((e) => e.kind === kind && !covered(p, e) && !e.inactive).sort((x, y) => (x.target < y.target ? -1 : 1));
      free.set(id, candidates);
    }
    const e = candidates.find((c) => !c.paired);
    if (!e) continue;
    e.paired = true;
    out.outcome = 'DRIFTED_ENTITLEMENT';
    out.findingId = findingId(account, 'DRIFTED_ENTITLEMENT', p.arn, entry.key);
  }
}
