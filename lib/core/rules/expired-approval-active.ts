import { approvalFinding, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** The approval ended (expired or revoked) but the access is still there: an offboarding gap. */
export const expiredApprovalActive: Rule = {
  id: 'EXPIRED_APPROVAL_ACTIVE',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'EXPIRED_APPROVAL_ACTIVE', (na, v) =>
      approvalFinding(
        ctx,
        na,
        v,
        'EXPIRED_APPROVAL_ACTIVE',
        'HIGH',
        `Access outlives its ${na.approval.status === 'revoked' ? 'revoked' : 'expired'} approval ${na.approval.ticketId}`,
      ),
    ),
};
