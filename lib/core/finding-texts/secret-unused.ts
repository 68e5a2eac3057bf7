import { isoDay } from '../describe';
import { days, type TypeTexts } from './common';

export const SECRET_UNUSED_TEXTS: TypeTexts = {
  read: {
    when: 'the secret was last read longer ago than `secretUnusedDays`',
    remediation:
      'In AWS: confirm no workload reads the secret any more (CloudTrail GetSecretValue), then delete it with a recovery window (DeleteSecret, RecoveryWindowInDays) so it can be restored if something breaks. In the ticket: revoke the secret\'s approval once it is deleted.',
  },
  'never-read': {
    when: 'the secret was never read and is older than `secretUnusedDays`',
    remediation:
      'In AWS: the secret was never read: confirm with its owner that nothing will, then delete it with a recovery window (DeleteSecret, RecoveryWindowInDays). In the ticket: revoke the secret\'s approval once it is deleted.',
  },
};

/** Title, summary and variant of a secret not read within its window. */
export function secretUnusedTexts(name: string, s: { createdAt?: string; lastAccessedAt?: string }, sinceDays: number, limitDays: number): { variant: string; title: string; summary: string } {
  const title = `Secret ${name} unused for ${days(sinceDays)}`;
  return s.lastAccessedAt
    ? { variant: 'read', title, summary: `last read on ${isoDay(s.lastAccessedAt)}, ${days(sinceDays)} ago (limit ${days(limitDays)})` }
    : { variant: 'never-read', title, summary: `never read since creation ${isoDay(s.createdAt!)}, ${days(sinceDays)} ago (limit ${days(limitDays)})` };
}
