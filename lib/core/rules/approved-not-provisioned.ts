import { approvedNotProvisionedTexts } from '../finding-texts/approved-not-provisioned';
import { daysBetween, toMs } from '../time';
import { approvalFinding, outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

/** Approved past its provisioning grace period, yet nothing in AWS. */
export const approvedNotProvisioned: Rule = {
  id: 'APPROVED_NOT_PROVISIONED',
  evaluate: (ctx) =>
    outcomeFindings(ctx, 'APPROVED_NOT_PROVISIONED', (na, v) => {
      const { approval } = na;
      const graceHours = approval.provisioningGraceHours ?? ctx.policy.provisioningGraceHours;
      const age = daysBetween(toMs(approval.approvedAt), ctx.nowMs);
      const texts = approvedNotProvisionedTexts(approval.entitlement, ctx.principalResource(na.principal), approval.ticketId, age, graceHours);
      // limitDays keeps the fingerprint; texts give the grace in hours (threshold names ending in Hours).
      const threshold = { name: 'provisioningGraceHours', limitDays: graceHours / 24, actualDays: age, reference: 'Tally provisioning grace period' };
      return approvalFinding(ctx, na, v, 'APPROVED_NOT_PROVISIONED', 'LOW', texts, threshold);
    }),
};
