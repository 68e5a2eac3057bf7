import { unusedApprovalUsage, usageIndex } from '../approval-usage';
import { approvalRef } from '../finding';
import { days, principalLabel } from '../finding-texts/common';
import { outcomeFindings } from './approval-finding';
import type { Rule } from './rule';

const REFERENCE: Record<string, string> = {
  accessKeyUnusedDays: 'CIS AWS Foundations 1.12 / Security Hub IAM.22 (credentials unused 45 days)',
  roleUnusedDays: 'IAM Access Analyzer unused access (90 days)',
  secretUnusedDays: 'Security Hub SecretsManager.3',
};

/**
 * Access present as approved but not used within the window of the approval's risk (by the
 * inventory's last-used data, or by IAM Access Analyzer unused-access findings): the part of an
 * approval a review campaign asks its owner to keep or revoke.
 */
export const approvedButUnused: Rule = {
  id: 'APPROVED_BUT_UNUSED',
  evaluate: (ctx) => {
    const ix = usageIndex(ctx.inventory);
    return outcomeFindings(ctx, 'RECONCILED', (na, v) => {
      const usage = na.active ? unusedApprovalUsage(na, ix, ctx.policy, ctx.nowMs) : undefined;
      return usage && { na, v, usage };
    }).map(({ na, v, usage }) => {
      const resource = v.fact?.resource ?? ctx.principalResource(na.principal);
      return ctx.finding({
        type: 'APPROVED_BUT_UNUSED',
        severity: 'LOW',
        title: `Approved access of ${principalLabel(resource)} unused for ${days(usage.idleDays)} (${na.approval.ticketId})`,
        summary: ctx.approvalSummary(na.approval.entitlement, usage.evidence),
        resource,
        approval: approvalRef(na.approval, na.key),
        ...(v.fact ? { observed: v.fact.observed } : {}),
        threshold: { name: usage.windowName, limitDays: usage.windowDays, actualDays: usage.idleDays, reference: REFERENCE[usage.windowName]! },
        principal: na.principal,
        discriminator: na.key,
      });
    });
  },
};
