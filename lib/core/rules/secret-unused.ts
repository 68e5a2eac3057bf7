import { secretUnusedTexts } from '../finding-texts/secret-unused';
import { secretResource } from '../resources';
import { DAY_MS, daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

/**
 * Secret not read within the window. LastAccessedDate is day-granular (midnight UTC), so a read on
 * day D is taken as the end of D: the secret is never reported a day early.
 */
export const secretUnused: Rule = {
  id: 'SECRET_UNUSED',
  evaluate: (ctx) =>
    ctx.inventory.secrets
      .filter((s) => !s.deletedAt && (s.lastAccessedAt ?? s.createdAt) !== undefined)
      .flatMap((s) => {
        const limit = ctx.thresholds(s.arn).secretUnusedDays;
        const since = s.lastAccessedAt ? toMs(s.lastAccessedAt) + DAY_MS : toMs(s.createdAt!);
        if (!olderThanDays(since, ctx.nowMs, limit)) return [];
        const days = daysBetween(since, ctx.nowMs);
        return [
          ctx.finding({
            type: 'SECRET_UNUSED',
            severity: 'MEDIUM',
            ...secretUnusedTexts(s.name, s, days, limit),
            resource: secretResource(s),
            threshold: { name: 'secretUnusedDays', limitDays: limit, actualDays: days, reference: 'Security Hub SecretsManager.3' },
            control: 'SecretsManager.3',
          }),
        ];
      }),
};
