import { isoDay } from '../describe';
import { accessKeyResource } from '../resources';
import { daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

/** Active key older than the rotation limit (age > limit; exactly at the limit is compliant). */
export const staleAccessKey: Rule = {
  id: 'STALE_ACCESS_KEY',
  evaluate: (ctx) =>
    ctx.inventory.users.flatMap((u) => {
      const limit = ctx.thresholds(u.arn).accessKeyMaxAgeDays;
      return u.accessKeys
        .filter((k) => k.active && olderThanDays(toMs(k.createdAt), ctx.nowMs, limit))
        .map((k) => {
          const age = daysBetween(toMs(k.createdAt), ctx.nowMs);
          return ctx.finding({
            type: 'STALE_ACCESS_KEY',
            severity: 'MEDIUM',
            title: `Access key of ${u.name} not rotated in ${age} days`,
            summary: `key ${k.slot} created ${isoDay(k.createdAt)} is ${age} days old (limit ${limit})`,
            resource: accessKeyResource(u.arn, u.name, k),
            threshold: { name: 'accessKeyMaxAgeDays', limitDays: limit, actualDays: age, reference: 'CIS AWS Foundations 1.14 / Security Hub IAM.3' },
            control: 'IAM.3',
            principal: u.arn,
          });
        });
    }),
};
