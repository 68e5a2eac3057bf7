import { approvalFinding, withOutcome } from './approval-finding';
import type { Rule } from './rule';

/** Present, but not as approved: other policy, changed document, extra trust, too many keys. */
export const driftedEntitlement: Rule = {
  id: 'DRIFTED_ENTITLEMENT',
  evaluate: (ctx) =>
    withOutcome(ctx, 'DRIFTED_ENTITLEMENT').map(([na, v]) =>
      approvalFinding(ctx, na, v, 'DRIFTED_ENTITLEMENT', 'MEDIUM', `Access drifted from approval ${na.approval.ticketId}`),
    ),
};
