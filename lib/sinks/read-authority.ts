import { severityRank, type Finding } from '../core/finding';
import type { LedgerSummary } from './ledger-table';

/**
 * What a reconcile result may do to the open findings in the ledger (DESIGN "Trust rules").
 *
 * - A `complete` read (a sweep of the whole account) speaks for every open finding: what it no
 *   longer produces is archived, and it may lower a finding's severity.
 * - A `partial` read (the event path: one principal, read with fewer calls than a sweep) may open
 *   findings and raise them; it never archives, and a change that would lower a finding is withheld
 *   until a complete read confirms it.
 * - Principals in `protectedPrincipals` (an approval naming them could not be read) are treated as
 *   partially read even by a complete read.
 */
export interface ReadAuthority {
  /** @default 'complete' */
  read?: 'complete' | 'partial';
  /** The ledger entries this result speaks for, matched exactly by principal; all when absent. */
  principal?: string;
  /** Principals (ARNs, or secret names) whose findings may not be archived or lowered. */
  protectedPrincipals?: readonly string[];
  /** Set when an unreadable approval named no principal Tally could tell: nothing may be archived or lowered. */
  protectAll?: boolean;
}

/** The principal a finding is about: a key's owner, else the resource itself. */
export function findingPrincipal(f: Finding): string {
  return f.resource.principalArn ?? f.resource.id;
}

/** True when `principal` (an ARN, or a secret named without its ARN) names `arn`. */
export function namesPrincipal(principal: string, arn: string): boolean {
  if (principal === arn) return true;
  // A secret approved by name: its ARN is `...:secret:<name>-<6 random characters>`.
  return !principal.startsWith('arn:') && arn.includes(':secretsmanager:') && arn.slice(0, -7).endsWith(`:secret:${principal}`);
}

/** Whether a result read under `authority` may archive or lower the findings of `principal`. */
export function mayLower(authority: ReadAuthority, principal: string): boolean {
  if ((authority.read ?? 'complete') === 'partial' || authority.protectAll) return false;
  return !(authority.protectedPrincipals ?? []).some((p) => namesPrincipal(p, principal));
}

/** Whether an entry is one this result speaks for. */
export function inScope(authority: ReadAuthority, e: LedgerSummary): boolean {
  return authority.principal === undefined || e.principalArn === authority.principal;
}

/**
 * Why importing `f` over the open entry `e` would lower it, or undefined: a lower severity, a
 * privileged finding no longer privileged, or a finding newly exempt.
 */
export function loweringReason(e: LedgerSummary, f: Finding): string | undefined {
  const before = e.standing;
  if (severityRank(f.severity) < severityRank(before.severity)) return `severity ${before.severity} → ${f.severity}`;
  if (before.privileged && !f.privileged) return 'privileged → not privileged';
  if (!before.exempt && f.exempt !== undefined) return 'not exempt → exempt';
  return undefined;
}
