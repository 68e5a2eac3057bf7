import { daysBetween, toMs } from '../time';
import { approvalFinding, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** Approved past its provisioning grace period, yet nothing in AWS. */
export const approvedNotProvisioned: Rule = {
  id: 'APPROVED_NOT_PROVISIONED',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'APPROVED_NOT_PROVISIONED', (na, v) => {
      const graceHours = na.approval.provisioningGraceHours ?? ctx.policy.provisioningGraceHours;
      const f = approvalFinding(ctx, na, v, 'APPROVED_NOT_PROVISIONED', 'LOW', `Approved access never provisioned (${na.approval.ticketId})`);
      f.threshold = {
        name: 'provisioningGraceHours',
        limitDays: graceHours / 24,
        actualDays: daysBetween(toMs(na.approval.approvedAt), ctx.nowMs),
        reference: 'Tally provisioning grace period',
      };
      return f;
    }),
};
