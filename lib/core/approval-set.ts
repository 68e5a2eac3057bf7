import { approvalKey, entitlementTarget, type Approval } from './approval';
import type { Inventory, Secret } from './inventory';
import { matchKey } from './observed';
import { toMs } from './time';

/** An approval prepared for matching: its key, the principal resolved to an ARN, and whether it is in force. */
export interface NormalisedApproval {
  approval: Approval;
  key: string;
  /** The principal as observed facts name it (a secret named by name or partial ARN becomes its ARN). */
  principal: string;
  matchKey: string;
  /** `approved` and not past `expiresAt` (an approval expiring exactly now is expired). */
  active: boolean;
}

/** Secret ARNs by every name an approval may use: the ARN, the name, the ARN without its 6-character suffix. */
function secretIndex(secrets: readonly Secret[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const s of secrets) {
    index.set(s.arn, s.arn);
    index.set(s.name, s.arn);
    if (/-[A-Za-z0-9]{6}$/.test(s.arn)) index.set(s.arn.slice(0, -7), s.arn);
  }
  return index;
}

/** Orders duplicates of one key so the pick is independent of input order: newest approval, then revoked first. */
function preferred(a: Approval, b: Approval): Approval {
  if (a.approvedAt !== b.approvedAt) return toMs(a.approvedAt) > toMs(b.approvedAt) ? a : b;
  if (a.status !== b.status) return a.status === 'revoked' ? a : b;
  return JSON.stringify(a) <= JSON.stringify(b) ? a : b;
}

/** De-duplicates by approval key, resolves principals and marks which approvals are in force. */
export function normaliseApprovals(approvals: Approval[], inventory: Inventory, nowMs: number): NormalisedApproval[] {
  const byKey = new Map<string, Approval>();
  for (const a of approvals) {
    const key = approvalKey(a);
    const seen = byKey.get(key);
    byKey.set(key, seen ? preferred(seen, a) : a);
  }
  const secrets = secretIndex(inventory.secrets);
  // The default sort compares UTF-16 code units natively, far faster than a comparator on a million keys.
  const keys = [...byKey.keys()].sort();
  const out = new Array<NormalisedApproval>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const approval = byKey.get(key)!;
    const e = approval.entitlement;
    const principal = e.kind === 'secret' ? (secrets.get(approval.principal) ?? approval.principal) : approval.principal;
    const active = approval.status === 'approved' && (approval.expiresAt === undefined || toMs(approval.expiresAt) > nowMs);
    out[i] = { approval, key, principal, matchKey: matchKey(principal, e.kind, entitlementTarget(e)), active };
  }
  return out;
}
