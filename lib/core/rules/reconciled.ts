import { approvalFinding, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** Approval and state match: the evidence that closes the ticket. */
export const reconciled: Rule = {
  id: 'RECONCILED',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'RECONCILED', (na, v) =>
      // join builds one flat string; a template keeps two concatenation nodes alive in each of ~700 k titles.
      approvalFinding(ctx, na, v, 'RECONCILED', 'INFORMATIONAL', ['Approval ', na.approval.ticketId, ' matches AWS'].join('')),
    ),
};
