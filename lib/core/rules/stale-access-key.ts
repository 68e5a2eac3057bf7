import { staleKeyTexts } from '../finding-texts/stale-access-key';
import type { AccessKey } from '../inventory';
import type { Thresholds } from '../policy';
import { accessKeyResource, keyIdentity } from '../resources';
import { daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

/** The rotation window of a key: stale once more than `limitDays` have passed since `since`. */
export function staleKeyWindow(k: AccessKey, t: Thresholds): { since: string; limitDays: number } {
  return { since: k.createdAt, limitDays: t.accessKeyMaxAgeDays };
}

/** Active key older than the rotation limit (age > limit; exactly at the limit is compliant). */
export const staleAccessKey: Rule = {
  id: 'STALE_ACCESS_KEY',
  evaluate: (ctx) =>
    ctx.inventory.users.flatMap((u) => {
      const t = ctx.thresholds(u.arn);
      const limit = t.accessKeyMaxAgeDays;
      return u.accessKeys
        .filter((k) => k.active && olderThanDays(toMs(staleKeyWindow(k, t).since), ctx.nowMs, limit))
        .map((k) => {
          const age = daysBetween(toMs(k.createdAt), ctx.nowMs);
          return ctx.finding({
            type: 'STALE_ACCESS_KEY',
            severity: 'MEDIUM',
            ...staleKeyTexts(u.name, k.slot, k.createdAt, age, limit),
            resource: accessKeyResource(u.arn, u.name, k),
            threshold: { name: 'accessKeyMaxAgeDays', limitDays: limit, actualDays: age, reference: 'CIS AWS Foundations 1.14 / Security Hub IAM.3' },
            control: 'IAM.3',
            principal: u.arn,
            idBasis: keyIdentity(u, k),
          });
        });
    }),
};
