import type { RuleContext } from '../context';
import { unusedKeyTexts } from '../finding-texts/unused-access-key';
import type { Finding } from '../finding';
import type { AccessKey, IamUser } from '../inventory';
import type { Policy, Thresholds } from '../policy';
import { accessKeyResource, keyIdentity } from '../resources';
import { daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

/** The use window of a key: unused once more than `limitDays` have passed since its last use (or creation, if never used). */
export function unusedKeyWindow(k: AccessKey, t: Thresholds, policy: Policy): { since: string; limitDays: number; used: boolean } {
  const used = k.lastUsedAt !== undefined;
  return { since: k.lastUsedAt ?? k.createdAt, limitDays: used ? t.accessKeyUnusedDays : policy.neverUsedKeyGraceDays, used };
}

function check(ctx: RuleContext, u: IamUser, k: AccessKey): Finding | undefined {
  const { used, since: sinceIso, limitDays: limit } = unusedKeyWindow(k, ctx.thresholds(u.arn), ctx.policy);
  const since = toMs(sinceIso);
  if (!olderThanDays(since, ctx.nowMs, limit)) return undefined;
  const days = daysBetween(since, ctx.nowMs);
  const { variant, title, summary } = unusedKeyTexts(u.name, k.slot, k, days, limit);
  return ctx.finding({
    type: 'UNUSED_ACCESS_KEY',
    variant,
    severity: 'MEDIUM',
    title,
    summary,
    resource: accessKeyResource(u.arn, u.name, k),
    threshold: used
      ? { name: 'accessKeyUnusedDays', limitDays: limit, actualDays: days, reference: 'CIS AWS Foundations 1.12 / Security Hub IAM.22' }
      : { name: 'neverUsedKeyGraceDays', limitDays: limit, actualDays: days, reference: 'Tally grace for new keys' },
    control: 'IAM.22',
    principal: u.arn,
    idBasis: keyIdentity(u, k),
  });
}

/** Active key not used within the window; a never-used key once past the new-key grace. */
export const unusedAccessKey: Rule = {
  id: 'UNUSED_ACCESS_KEY',
  evaluate: (ctx) =>
    ctx.inventory.users.flatMap((u) => u.accessKeys.filter((k) => k.active).flatMap((k) => check(ctx, u, k) ?? [])),
};
