import { isoDay } from '../describe';
import { days, type TypeTexts } from './common';

export const STALE_ACCESS_KEY_TEXTS: TypeTexts = {
  default: {
    when: 'an active access key is older than `accessKeyMaxAgeDays`',
    remediation:
      'In AWS: rotate the key: create a second key, move the workload to it, deactivate the old key and delete it once nothing fails (Tally plans the deactivation unless the user is exempt). Better, replace the key with a role. In the ticket: nothing to change for a rotation; if a role replaces the key, revoke the access-key approval.',
  },
};

/** Title and summary of a key past its rotation limit. */
export function staleKeyTexts(userName: string, slot: number, createdAt: string, ageDays: number, limitDays: number): { title: string; summary: string } {
  return {
    title: `Access key ${slot} of ${userName} not rotated in ${days(ageDays)}`,
    summary: `key ${slot} created ${isoDay(createdAt)} is ${days(ageDays)} old (limit ${days(limitDays)})`,
  };
}
