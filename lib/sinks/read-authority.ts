import { severityRank, type Finding, type Severity } from '../core/finding';
import { KEY_RESOURCE_SEGMENT } from '../core/resources';
import type { LedgerEntry } from './ledger-table';

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

/**
 * The principal an entry is about: stored since entries carry it; for older entries derived from
 * the resource id (an access key's id is `<user ARN>/access-key/<key id or slot>`; key ids and slots
 * hold no `/`, user paths may).
 */
export function entryPrincipal(e: Pick<LedgerEntry, 'principalArn' | 'resourceId'>): string {
  if (e.principalArn) return e.principalArn;
  const at = e.resourceId.lastIndexOf(KEY_RESOURCE_SEGMENT);
  return at > 0 ? e.resourceId.slice(0, at) : e.resourceId;
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
export function inScope(authority: ReadAuthority, e: LedgerEntry): boolean {
  return authority.principal === undefined || entryPrincipal(e) === authority.principal;
}

function previousSeverity(e: LedgerEntry): Severity {
  return e.asff.FindingProviderFields?.Severity?.Label ?? e.asff.Severity.Label;
}

/**
 * Why importing `f` over the open entry `e` would lower it, or undefined: a lower severity, a
 * privileged finding no longer privileged, or a finding newly exempt.
 */
export function loweringReason(e: LedgerEntry, f: Finding): string | undefined {
  const before = previousSeverity(e);
  if (severityRank(f.severity) < severityRank(before)) return `severity ${before} → ${f.severity}`;
  const fields = e.asff.ProductFields ?? {};
  if (fields['tally/privileged'] === 'true' && !f.privileged) return 'privileged → not privileged';
  if (fields['tally/exempt'] !== 'true' && f.exempt !== undefined) return 'not exempt → exempt';
  return undefined;
}
