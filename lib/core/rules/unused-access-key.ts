import type { RuleContext } from '../context';
import { isoDay } from '../describe';
import type { Finding } from '../finding';
import type { AccessKey, IamUser } from '../inventory';
import { accessKeyResource } from '../resources';
import { daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

function check(ctx: RuleContext, u: IamUser, k: AccessKey): Finding | undefined {
  const used = k.lastUsedAt !== undefined;
  const since = toMs(k.lastUsedAt ?? k.createdAt);
  const limit = used ? ctx.thresholds(u.arn).accessKeyUnusedDays : ctx.policy.neverUsedKeyGraceDays;
  if (!olderThanDays(since, ctx.nowMs, limit)) return undefined;
  const days = daysBetween(since, ctx.nowMs);
  return ctx.finding({
    type: 'UNUSED_ACCESS_KEY',
    severity: 'MEDIUM',
    title: `Access key of ${u.name} unused for ${days} days`,
    summary: used
      ? `key ${k.slot} last used ${isoDay(k.lastUsedAt!)}${k.lastUsedService ? ` (${k.lastUsedService})` : ''}, ${days} days ago (limit ${limit})`
      : `key ${k.slot} created ${isoDay(k.createdAt)} never used in ${days} days (grace ${limit})`,
    resource: accessKeyResource(u.arn, u.name, k),
    threshold: used
      ? { name: 'accessKeyUnusedDays', limitDays: limit, actualDays: days, reference: 'CIS AWS Foundations 1.12 / Security Hub IAM.22' }
      : { name: 'neverUsedKeyGraceDays', limitDays: limit, actualDays: days, reference: 'Tally grace for new keys' },
    control: 'IAM.22',
    principal: u.arn,
  });
}

/** Active key not used within the window; a never-used key once past the new-key grace. */
export const unusedAccessKey: Rule = {
  id: 'UNUSED_ACCESS_KEY',
  evaluate: (ctx) =>
    ctx.inventory.users.flatMap((u) => u.accessKeys.filter((k) => k.active).flatMap((k) => check(ctx, u, k) ?? [])),
};
