import type { NormalisedApproval } from './approval-set';
import { isoDay } from './describe';
import type { AccessKey, IamRole, IamUser, Inventory, PolicyDocument, Secret } from './inventory';
import type { Policy, Thresholds } from './policy';
import { grantedServices } from './policy-services';
import { DAY_MS, daysBetween, olderThanDays, toMs } from './time';
import type { UnusedAccessFinding } from './unused-access';

/** How much what one approval grants has been used, from the inventory's last-used data and Access Analyzer. */
export interface ApprovalUsage {
  /** Most recent use known (inventory or analyzer); absent when never used as far as either knows. */
  lastUsedAt?: string;
  /** The policy threshold the window comes from (by the approval's risk). */
  windowName: keyof Thresholds;
  windowDays: number;
  /** Whole days since the last use, or since approval when it was not used after it. */
  idleDays: number;
  /** Unused past the window: by the inventory, or by an analyzer finding on an approval older than the window. */
  unused: boolean;
  /** Analyzer findings that show the approved access unused (matched by principal and entitlement). */
  analyzer: UnusedAccessFinding[];
  /** One line for a summary or a packet: last use and window, and the analyzer's finding types. */
  evidence: string;
}

/** Look-ups {@link approvalUsage} needs, built once per inventory. */
export interface UsageIndex {
  users: Map<string, IamUser>;
  roles: Map<string, IamRole>;
  secrets: Map<string, Secret>;
  policies: Map<string, PolicyDocument | undefined>;
  groups: Map<string, PolicyDocument[]>;
  analyzer: Map<string, UnusedAccessFinding[]>;
  /** Users whose last use is known: the credential report was read and has their row. */
  usersRead: (arn: string) => boolean;
}

export function usageIndex(inv: Inventory): UsageIndex {
  const analyzer = new Map<string, UnusedAccessFinding[]>();
  for (const f of inv.unusedAccess ?? []) {
    const list = analyzer.get(f.principal);
    if (list) list.push(f);
    else analyzer.set(f.principal, [f]);
  }
  const policies = new Map(inv.policies.map((p) => [p.arn, p.document]));
  const keysUnread = new Set(inv.keysUnread);
  for (const p of inv.unreadParts ?? []) if (p.kind === 'access-key') keysUnread.add(p.principal);
  return {
    users: new Map(inv.users.map((u) => [u.arn, u])),
    roles: new Map(inv.roles.map((r) => [r.arn, r])),
    secrets: new Map(inv.secrets.map((s) => [s.arn, s])),
    policies,
    groups: new Map(
      inv.groups.map((g) => [g.name, [...g.attachedPolicies.map((p) => policies.get(p.policyArn)), ...g.inlinePolicies.map((p) => p.document)] as PolicyDocument[]]),
    ),
    analyzer,
    // A user's use is its password and its keys: unknown when the report lacks the user, or its keys were not read (a scoped read).
    usersRead: (arn) => inv.coverage.credentialReport && !keysUnread.has(arn),
  };
}

/** The later of two instants (the first when equal); a lone one is taken unparsed. */
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  return b !== undefined && toMs(b) > toMs(a) ? b : a;
}

const latest = (dates: readonly (string | undefined)[]): string | undefined => dates.reduce(later, undefined);

/** The documents an approval's policy entitlement grants through, or undefined when not one of those kinds. */
function documentsOf(na: NormalisedApproval, owner: IamUser | IamRole, ix: UsageIndex): (PolicyDocument | undefined)[] | undefined {
  const e = na.approval.entitlement;
  if (e.kind === 'managed-policy') return [ix.policies.get(e.policyArn)];
  if (e.kind === 'inline-policy') return [owner.inlinePolicies.find((p) => p.policyName === e.policyName)?.document];
  if (e.kind === 'group-membership') return ix.groups.get(e.group) ?? [undefined];
  return undefined;
}

/** UnusedPermission findings that list every service the documents grant: the whole grant is unused. */
function unusedPermissions(docs: (PolicyDocument | undefined)[], findings: UnusedAccessFinding[]): UnusedAccessFinding[] {
  const granted = grantedServices(docs);
  if (!granted || granted.size === 0) return [];
  const perms = findings.filter((f) => f.type === 'UnusedPermission' && f.services);
  const unused = new Set(perms.flatMap((f) => f.services!.map((s) => s.namespace.toLowerCase())));
  return [...granted].every((s) => unused.has(s)) ? perms : [];
}

/** Key findings covering every active key of the user (by key id, or by count when the inventory has no ids). */
function unusedKeys(keys: AccessKey[], findings: UnusedAccessFinding[]): UnusedAccessFinding[] {
  const found = findings.filter((f) => f.type === 'UnusedIAMUserAccessKey');
  if (keys.length === 0 || found.length === 0) return [];
  const ids = new Set(found.map((f) => f.accessKeyId));
  const covered = keys.every((k) => k.accessKeyId !== undefined) ? keys.every((k) => ids.has(k.accessKeyId)) : found.length >= keys.length;
  return covered ? found : [];
}

/** Analyzer findings showing a user's whole identity unused: its password (when it has one) and every active key. */
function unusedUser(u: IamUser, keys: AccessKey[], findings: UnusedAccessFinding[]): UnusedAccessFinding[] {
  const password = findings.filter((f) => f.type === 'UnusedIAMUserPassword');
  const keyFindings = unusedKeys(keys, findings);
  if (u.passwordEnabled && password.length === 0) return [];
  if (keys.length > 0 && keyFindings.length === 0) return [];
  const all = [...password, ...keyFindings];
  return all.length ? all : [];
}

interface Reading {
  last?: string;
  window: keyof Thresholds;
  analyzer: UnusedAccessFinding[];
  /** Secrets' LastAccessedDate is a day: a read on day D counts as the end of D. */
  dayGranular?: boolean;
}

/** The latest use of a user's active keys. */
function keysLastUsed(u: IamUser): string | undefined {
  let last: string | undefined;
  for (const k of u.accessKeys) if (k.active) last = later(last, k.lastUsedAt);
  return last;
}

/** What Access Analyzer shows unused of a user's grant; with no findings for the user, nothing (most principals). */
function userAnalyzer(na: NormalisedApproval, user: IamUser, findings: UnusedAccessFinding[], ix: UsageIndex): UnusedAccessFinding[] {
  if (findings.length === 0) return [];
  const keys = user.accessKeys.filter((k) => k.active);
  if (na.approval.entitlement.kind === 'access-key') return unusedKeys(keys, findings);
  const whole = unusedUser(user, keys, findings);
  const docs = documentsOf(na, user, ix);
  return whole.length || !docs ? whole : unusedPermissions(docs, findings);
}

function read(na: NormalisedApproval, ix: UsageIndex): Reading | undefined {
  const p = na.principal;
  const kind = na.approval.entitlement.kind;
  if (kind === 'secret') {
    const secret = ix.secrets.get(p);
    return secret ? { last: secret.lastAccessedAt, window: 'secretUnusedDays', analyzer: [], dayGranular: true } : undefined;
  }
  const findings = ix.analyzer.get(p);
  const role = ix.roles.get(p);
  if (role) {
    if (!findings) return { last: role.lastUsedAt, window: 'roleUnusedDays', analyzer: [] };
    const whole = findings.filter((f) => f.type === 'UnusedIAMRole');
    const docs = documentsOf(na, role, ix);
    return { last: role.lastUsedAt, window: 'roleUnusedDays', analyzer: whole.length || !docs ? whole : unusedPermissions(docs, findings) };
  }
  const user = ix.users.get(p);
  // Without the user's credential report row its last use is unknown, never "unused".
  if (!user || !ix.usersRead(p)) return undefined;
  const keysLast = keysLastUsed(user);
  const analyzer = userAnalyzer(na, user, findings ?? [], ix);
  if (kind === 'access-key') return { last: keysLast, window: 'accessKeyUnusedDays', analyzer };
  return { last: latest([user.passwordLastUsedAt, keysLast]), window: 'accessKeyUnusedDays', analyzer };
}

/** How long what an approval grants has been idle, and whether that is past its window. */
interface Idle {
  reading: Reading;
  windowDays: number;
  idleDays: number;
  unused: boolean;
  /** The reading's analyzer findings, when the approval is older than the window. */
  analyzer: UnusedAccessFinding[];
}

function idle(na: NormalisedApproval, ix: UsageIndex, policy: Policy, nowMs: number): Idle | undefined {
  const reading = read(na, ix);
  if (!reading) return undefined;
  const windowDays = (na.approval.risk === 'privileged' ? policy.privileged : policy.standard)[reading.window];
  const grantedMs = toMs(na.approval.approvedAt);
  const lastMs = reading.last === undefined ? undefined : toMs(reading.last) + (reading.dayGranular ? DAY_MS : 0);
  const sinceMs = lastMs === undefined ? grantedMs : Math.max(lastMs, grantedMs);
  const analyzer = reading.analyzer.length && olderThanDays(grantedMs, nowMs, windowDays) ? reading.analyzer : [];
  return { reading, windowDays, idleDays: daysBetween(sinceMs, nowMs), unused: olderThanDays(sinceMs, nowMs, windowDays) || analyzer.length > 0, analyzer };
}

function described(na: NormalisedApproval, x: Idle): ApprovalUsage {
  const { reading, windowDays, idleDays, unused, analyzer } = x;
  const lastUsedAt = latest([reading.last, ...analyzer.map((f) => f.lastAccessed)]);
  const used = lastUsedAt ? `last used ${isoDay(lastUsedAt)}` : `not used since approval ${isoDay(na.approval.approvedAt)}`;
  const types = [...new Set(analyzer.map((f) => f.type))].sort();
  const evidence = `${used}, ${idleDays} days ago (limit ${windowDays})${types.length ? `; IAM Access Analyzer: ${types.join(', ')}` : ''}`;
  return { ...(lastUsedAt ? { lastUsedAt } : {}), windowName: reading.window, windowDays, idleDays, unused, analyzer, evidence };
}

/**
 * Usage of what an approval grants, counted from its last use or from the approval when later, in
 * the window of the approval's risk: a role by `RoleLastUsed`, a user by password and active keys,
 * keys by their last use, a secret by `LastAccessedDate`; a policy by its principal's use, or by
 * UnusedPermission findings that list every service the policy grants. Undefined when Tally holds no
 * last-used data for it (a group, a principal not in the inventory, a user whose credential report
 * row was not read).
 */
export function approvalUsage(na: NormalisedApproval, ix: UsageIndex, policy: Policy, nowMs: number): ApprovalUsage | undefined {
  const x = idle(na, ix, policy, nowMs);
  return x && described(na, x);
}

/** {@link approvalUsage} when it is unused, else undefined: a sweep asks this of every matched approval, and most are used. */
export function unusedApprovalUsage(na: NormalisedApproval, ix: UsageIndex, policy: Policy, nowMs: number): ApprovalUsage | undefined {
  // Idle time counts from the approval at the earliest, and analyzer findings count only past the
  // window: an approval younger than every window of its risk is never unused.
  const t = na.approval.risk === 'privileged' ? policy.privileged : policy.standard;
  if (!olderThanDays(toMs(na.approval.approvedAt), nowMs, Math.min(t.accessKeyUnusedDays, t.roleUnusedDays, t.secretUnusedDays))) return undefined;
  const x = idle(na, ix, policy, nowMs);
  return x?.unused ? described(na, x) : undefined;
}
