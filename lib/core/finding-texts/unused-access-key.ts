import { isoDay } from '../describe';
import { days, type TypeTexts } from './common';

export const UNUSED_ACCESS_KEY_TEXTS: TypeTexts = {
  used: {
    when: 'an active key was last used longer ago than `accessKeyUnusedDays`',
    remediation:
      'In AWS: deactivate the key (UpdateAccessKey, status Inactive; Tally plans it unless the user is exempt) and delete it after a grace period if nothing breaks. In the ticket: lower the approved maxKeys or revoke the access-key approval, so a new key needs a new request.',
  },
  'never-used': {
    when: 'an active key has never been used and is older than `neverUsedKeyGraceDays`',
    remediation:
      'In AWS: deactivate the key: it was created and never used, so no workload depends on it; delete it if nobody claims it. In the ticket: ask the requester whether the key is still needed; if not, revoke the access-key approval.',
  },
};

/** Title, summary and variant of a key not used within its window. */
export function unusedKeyTexts(
  userName: string,
  slot: number,
  key: { createdAt: string; lastUsedAt?: string; lastUsedService?: string },
  sinceDays: number,
  limitDays: number,
): { variant: string; title: string; summary: string } {
  if (key.lastUsedAt !== undefined) {
    const service = key.lastUsedService ? ` (${key.lastUsedService})` : '';
    return {
      variant: 'used',
      title: `Access key ${slot} of ${userName} unused for ${days(sinceDays)}`,
      summary: `key ${slot} last used ${isoDay(key.lastUsedAt)}${service}, ${days(sinceDays)} ago (limit ${days(limitDays)})`,
    };
  }
  return {
    variant: 'never-used',
    title: `Access key ${slot} of ${userName} never used in ${days(sinceDays)}`,
    summary: `key ${slot} created ${isoDay(key.createdAt)}, never used in ${days(sinceDays)} (grace for new keys ${days(limitDays)})`,
  };
}
