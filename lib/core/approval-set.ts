import { approvalKey, type Approval } from './approval';
import type { Inventory, Secret } from './inventory';
import type { Verdict } from './pairing';
import { toMs } from './time';

/**
 * An approval prepared for matching: its key, the principal resolved to an ARN, and whether it is in
 * force. It carries its own verdict (set by `pair`; UNVERIFIED with no reason until then): a sweep
 * pairs a million approvals, and one object each instead of two halves what the result keeps alive.
 */
export interface NormalisedApproval extends Verdict {
  approval: Approval;
  key: string;
  /** The principal as observed facts name it (a secret named by name or partial ARN becomes its ARN). */
  principal: string;
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

/** De-duplicates by approval key, resolves principals and marks which approvals are in force; drafts are not approvals and are left out. */
export function normaliseApprovals(given: Approval[], inventory: Inventory, nowMs: number): NormalisedApproval[] {
  const approvals = given.some((a) => a.status === 'draft') ? given.filter((a) => a.status !== 'draft') : given;
  const n = approvals.length;
  const keys = new Array<string>(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = approvalKey(approvals[i]!);
    order[i] = i;
  }
  // Sorting positions (ties in input order) puts duplicates side by side, folded as they arrived:
  // cheaper than hashing a million long keys into a map.
  order.sort((i, j) => {
    const x = keys[i]!;
    const y = keys[j]!;
    return x < y ? -1 : x > y ? 1 : i - j;
  });
  const secrets = secretIndex(inventory.secrets);
  const out: NormalisedApproval[] = [];
  for (let k = 0; k < n; ) {
    const key = keys[order[k]!]!;
    let approval = approvals[order[k]!]!;
    for (k++; k < n && keys[order[k]!] === key; k++) approval = preferred(approval, approvals[order[k]!]!);
    const e = approval.entitlement;
    const principal = e.kind === 'secret' ? (secrets.get(approval.principal) ?? approval.principal) : approval.principal;
    const active = approval.status === 'approved' && (approval.expiresAt === undefined || toMs(approval.expiresAt) > nowMs);
    out.push({ approval, key, principal, active, outcome: 'UNVERIFIED', reason: '', fact: undefined, findingId: undefined });
  }
  return out;
}
