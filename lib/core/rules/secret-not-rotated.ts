import type { RuleContext } from '../context';
import { secretNotRotatedTexts } from '../finding-texts/secret-not-rotated';
import type { Secret } from '../inventory';
import { secretResource } from '../resources';
import { daysBetween, olderThanDays, toMs } from '../time';
import type { Rule } from './rule';

/** The approval's `rotationDays` (strictest of the active ones), else the policy threshold. */
function rotationLimit(ctx: RuleContext, s: Secret): number {
  const approved: number[] = [];
  for (const { active, approval } of ctx.secretApprovals.get(s.arn) ?? []) {
    const e = approval.entitlement;
    if (active && e.kind === 'secret' && e.rotationDays !== undefined) approved.push(e.rotationDays);
  }
  return approved.length ? Math.min(...approved) : ctx.thresholds(s.arn).secretRotationDays;
}

/** When the current value was set: the last rotation, else the AWSCURRENT version, else creation. */
function valueSetAt(s: Secret): string | undefined {
  return s.lastRotatedAt ?? s.currentVersionCreatedAt ?? s.createdAt;
}

/** Rotation disabled, or the value older than the limit. */
export const secretNotRotated: Rule = {
  id: 'SECRET_NOT_ROTATED',
  evaluate: (ctx) =>
    ctx.inventory.secrets
      .filter((s) => !s.deletedAt)
      .flatMap((s) => {
        const limit = rotationLimit(ctx, s);
        const setAt = valueSetAt(s);
        const tooOld = setAt !== undefined && olderThanDays(toMs(setAt), ctx.nowMs, limit);
        const disabled = ctx.policy.requireSecretRotation && !s.rotationEnabled;
        if (!tooOld && !disabled) return [];
        const age = setAt === undefined ? null : daysBetween(toMs(setAt), ctx.nowMs);
        const texts = secretNotRotatedTexts({
          name: s.name,
          rotationEnabled: s.rotationEnabled,
          ...(s.lastRotatedAt ? { lastRotatedAt: s.lastRotatedAt } : {}),
          ...(setAt ? { setAt } : {}),
          ageDays: age,
          limitDays: limit,
          tooOld,
        });
        return [
          ctx.finding({
            type: 'SECRET_NOT_ROTATED',
            severity: 'MEDIUM',
            ...texts,
            resource: secretResource(s),
            threshold: { name: 'secretRotationDays', limitDays: limit, actualDays: age, reference: 'Security Hub SecretsManager.1 / SecretsManager.4' },
            control: tooOld ? 'SecretsManager.4' : 'SecretsManager.1',
          }),
        ];
      }),
};
