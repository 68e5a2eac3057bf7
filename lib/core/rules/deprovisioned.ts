import { approvalFinding, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/**
 * Verified present once, absent (or, for keys, inactive) now: removed since, by Tally's own action or
 * by anyone else. Evidence, not a mismatch: the access is gone, which is what the ticket's risk asked
 * for; the ticket can be closed or the access re-provisioned. Never "not provisioned".
 */
export const deprovisioned: Rule = {
  id: 'DEPROVISIONED',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'DEPROVISIONED', (na, v) =>
      approvalFinding(ctx, na, v, 'DEPROVISIONED', 'INFORMATIONAL', ['Approval ', na.approval.ticketId, ': access removed since it was verified'].join('')),
    ),
};
