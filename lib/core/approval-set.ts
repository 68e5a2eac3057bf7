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

function resolveSecret(ref: string, secrets: Secret[]): string {
  const hit = secrets.find(
    (s) => s.arn === ref || s.name === ref || (s.arn.startsWith(`${ref}-`) && s.arn.length === ref.length + 7),
  );
  return hit?.arn ?? ref;
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
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, approval]) => {
      const principal =
        approval.entitlement.kind === 'secret' ? resolveSecret(approval.principal, inventory.secrets) : approval.principal;
      const active =
        approval.status === 'approved' && (approval.expiresAt === undefined || toMs(approval.expiresAt) > nowMs);
      return { approval, key, principal, matchKey: matchKey(principal, approval.entitlement.kind, entitlementTarget(approval.entitlement)), active };
    });
}
