import type { ApprovedEntitlement } from '../approval';
import { isoDay } from '../describe';
import type { ApprovalRef, FindingResource, Threshold } from '../finding';

/** What a responder does about one case of a finding type. */
export interface VariantTexts {
  /** When the case applies, for docs/findings.md. */
  when: string;
  /** What to do in AWS and in the ticket; ≤ 512 characters (ASFF Remediation.Recommendation.Text). */
  remediation: string;
}

/** The cases of one finding type by variant; a type with one case uses the key `default`. */
export type TypeTexts = Readonly<Record<string, VariantTexts>>;

export const DEFAULT_VARIANT = 'default';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `90 days`, `1 day`. */
export function days(n: number): string {
  return plural(n, 'day');
}

/** The last segment of a policy ARN: `arn:aws:iam::aws:policy/ReadOnlyAccess` → `ReadOnlyAccess`. */
export function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** `user svc-billing`, `role deploy`, `group Admins`, `secret prod/db`. */
export function principalLabel(r: FindingResource): string {
  switch (r.type) {
    case 'AwsIamUser':
      return `user ${r.name}`;
    case 'AwsIamRole':
      return `role ${r.name}`;
    case 'AwsIamGroup':
      return `group ${r.name}`;
    case 'AwsSecretsManagerSecret':
      return `secret ${r.name}`;
    case 'AwsIamAccessKey':
      return `access key ${r.name}`;
  }
}

/** An approved entitlement as a noun phrase, without the principal. */
export function entitlementLabel(e: ApprovedEntitlement): string {
  switch (e.kind) {
    case 'identity':
      return 'the identity';
    case 'managed-policy':
      return `managed policy ${policyName(e.policyArn)}`;
    case 'inline-policy':
      return `inline policy ${e.policyName}`;
    case 'group-membership':
      return `membership of group ${e.group}`;
    case 'access-key':
      return `${plural(e.maxKeys, 'access key')}`;
    case 'role-trust':
      return `trust for ${e.principals.join(', ')}`;
    case 'secret':
      return 'the secret';
  }
}

/**
 * `Ticket CHG-1193: approved by alice@example.com on 2026-11-10, expired 2026-11-15; standard risk.`
 * The status is said only when it is not plain "approved" (revoked); expiry is "expires" or "expired"
 * as of `now`.
 */
export function approvalSentence(a: ApprovalRef, now: string): string {
  const expiry = a.expiresAt ? `, ${a.expiresAt <= now ? 'expired' : 'expires'} ${isoDay(a.expiresAt)}` : '';
  const revoked = a.status === 'revoked' ? ', since revoked' : '';
  return `Ticket ${a.ticketId}: approved by ${a.approvedBy} on ${isoDay(a.approvedAt)}${expiry}${revoked}; ${a.risk} risk.`;
}

/** What each threshold's actual value measures. */
const MEASURED: Record<string, string> = {
  provisioningGraceHours: 'time since approval',
  accessKeyMaxAgeDays: 'key age',
  accessKeyUnusedDays: 'time since last use',
  neverUsedKeyGraceDays: 'age of the never-used key',
  roleUnusedDays: 'time since last use (or creation, if never used)',
  secretRotationDays: 'age of the current value',
  secretUnusedDays: 'time since last read (or creation, if never read)',
};

/** A limit in the unit it is configured in: thresholds named `…Hours` are hours, the rest days. */
export function limitText(t: Pick<Threshold, 'name' | 'limitDays'>): string {
  return t.name.endsWith('Hours') ? `${Math.round(t.limitDays * 24 * 1000) / 1000} h` : days(t.limitDays);
}

/**
 * `Threshold secretRotationDays: 90 days (Security Hub SecretsManager.4); age of the current value: 10 days, within it.`
 * The limit in its configured unit; the actual value in days, said to be within the limit when it is.
 */
export function thresholdSentence(t: Threshold): string {
  const measured = MEASURED[t.name] ?? 'observed';
  const limit = limitText(t);
  // Actual days are rounded down: only below the limit are they surely within it (90 may be 90.5),
  // and whole days never are against an hour limit (1 day may be 30 h against a 24 h grace).
  const within = t.actualDays !== null && !t.name.endsWith('Hours') && t.actualDays < t.limitDays;
  const actual = t.actualDays === null ? 'unknown' : `${days(t.actualDays)}${within ? ', within it' : ''}`;
  return `Threshold ${t.name}: ${limit} (${t.reference}); ${measured}: ${actual}.`;
}

/** The text with its first letter upper-cased, for titles that start with a label. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
