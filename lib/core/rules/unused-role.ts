import { unusedRoleTexts } from '../finding-texts/unused-role';
import { isServiceLinkedRole } from '../observed';
import { roleResource } from '../resources';
import { daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

/** Role not assumed within the window; a never-used role once older than the window. */
export const unusedRole: Rule = {
  id: 'UNUSED_ROLE',
  evaluate: (ctx) =>
    ctx.inventory.roles
      .filter((r) => !isServiceLinkedRole(r))
      .flatMap((r) => {
        const limit = ctx.thresholds(r.arn).roleUnusedDays;
        const since = toMs(r.lastUsedAt ?? r.createdAt);
        if (!olderThanDays(since, ctx.nowMs, limit)) return [];
        const days = daysBetween(since, ctx.nowMs);
        return [
          ctx.finding({
            type: 'UNUSED_ROLE',
            severity: 'LOW',
            ...unusedRoleTexts(r.name, r, days, limit),
            resource: roleResource(r),
            threshold: { name: 'roleUnusedDays', limitDays: limit, actualDays: days, reference: 'IAM Access Analyzer unused access (90 days)' },
          }),
        ];
      }),
};
