import { approvedButUnused } from './approved-but-unused';
import { approvedNotProvisioned } from './approved-not-provisioned';
import { deprovisioned } from './deprovisioned';
import { driftedEntitlement } from './drifted-entitlement';
import { expiredApprovalActive } from './expired-approval-active';
import { reconciled } from './reconciled';
import type { Rule } from './rule';
import { secretNotRotated } from './secret-not-rotated';
import { secretUnused } from './secret-unused';
import { staleAccessKey } from './stale-access-key';
import { unapprovedEntitlement } from './unapproved-entitlement';
import { unusedAccessKey } from './unused-access-key';
import { unusedRole } from './unused-role';

/** Every rule, one per finding type. */
export const RULES: readonly Rule[] = [
  approvedNotProvisioned,
  unapprovedEntitlement,
  driftedEntitlement,
  expiredApprovalActive,
  staleAccessKey,
  unusedAccessKey,
  unusedRole,
  secretNotRotated,
  secretUnused,
  approvedButUnused,
  reconciled,
  deprovisioned,
];
