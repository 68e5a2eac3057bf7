import { approvalFinding, withOutcome } from './approval-finding';
import type { Rule } from './rule';

/** Approval and state match: the evidence that closes the ticket. */
export const reconciled: Rule = {
  id: 'RECONCILED',
  evaluate: (ctx) =>
    withOutcome(ctx, 'RECONCILED').map(([na, v]) =>
      approvalFinding(ctx, na, v, 'RECONCILED', 'INFORMATIONAL', `Approval ${na.approval.ticketId} matches AWS`),
    ),
};
