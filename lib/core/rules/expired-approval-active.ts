import { expiredTexts } from '../finding-texts/expired-approval-active';
import { approvalFinding, approvalPrincipal, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** The approval ended (expired or revoked) but the access is still there: an offboarding gap. */
export const expiredApprovalActive: Rule = {
  id: 'EXPIRED_APPROVAL_ACTIVE',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'EXPIRED_APPROVAL_ACTIVE', (na, v) => {
      const texts = expiredTexts(na.approval.entitlement, approvalPrincipal(ctx, na, v), na.approval, v.fact?.activeKeys);
      return approvalFinding(ctx, na, v, 'EXPIRED_APPROVAL_ACTIVE', 'HIGH', texts);
    }),
};
