import { isoDay } from '../describe';
import { days, type TypeTexts } from './common';

export const UNUSED_ROLE_TEXTS: TypeTexts = {
  used: {
    when: 'the role was last used longer ago than `roleUnusedDays`',
    remediation:
      'In AWS: confirm nothing assumes the role any more (CloudTrail AssumeRole, last accessed data), then delete it; or tag it with the exempt tag and the reason it must stay. In the ticket: revoke the role\'s approvals once it is deleted.',
  },
  'never-used': {
    when: 'the role was never used and is older than `roleUnusedDays`',
    remediation:
      'In AWS: the role was never assumed: confirm with its owner that nothing will, then delete it; or tag it with the exempt tag and the reason it must stay (e.g. break-glass). In the ticket: revoke the role\'s approvals once it is deleted.',
  },
};

/** Title, summary and variant of a role not used within its window. */
export function unusedRoleTexts(name: string, r: { createdAt: string; lastUsedAt?: string }, sinceDays: number, limitDays: number): { variant: string; title: string; summary: string } {
  const title = `Role ${name} unused for ${days(sinceDays)}`;
  return r.lastUsedAt
    ? { variant: 'used', title, summary: `last used ${isoDay(r.lastUsedAt)}, ${days(sinceDays)} ago (limit ${days(limitDays)})` }
    : { variant: 'never-used', title, summary: `never used since creation ${isoDay(r.createdAt)}, ${days(sinceDays)} ago (limit ${days(limitDays)})` };
}
