import { z } from 'zod';
import { SEVERITIES } from '../core/finding';
import { ledgerItemSchema, type LedgerSummary } from './ledger-table';

/**
 * Sort key of an account's marker item in `openByPrincipal`: no principal (an ARN, or a secret
 * name: letters, digits and `/_+=.@-`) holds `#`, so no principal's query meets it.
 */
export const FILLED_MARKER = '#filled';

/**
 * The item recording that an account's entries written before `openByPrincipal` existed are in it
 * now: a sweep that meets it in the index reads nothing else.
 */
export function filledMarker(accountId: string, filledAt: string, filled: number): Record<string, unknown> {
  return { findingId: `#open-index/${accountId}`, accountId, openPrincipal: FILLED_MARKER, filledAt, filled };
}

/** Whether a ledger item is a marker rather than an entry (finding ids start with `tally/`, never `#`). */
export function isLedgerMarker(item: Record<string, unknown>): boolean {
  return typeof item['findingId'] === 'string' && item['findingId'].startsWith('#');
}

const summarySchema = ledgerItemSchema
  .pick({ findingId: true, accountId: true, parts: true, fingerprint: true, firstSeen: true, lastImportedAt: true, updatedAt: true })
  .extend({ openPrincipal: z.string().min(1), severity: z.enum(SEVERITIES), privileged: z.boolean(), exempt: z.boolean() });

/** An item of `openByPrincipal` as the summary of an ACTIVE entry; throws a ZodError when it is not one. */
export function parseOpenSummary(item: Record<string, unknown>): LedgerSummary {
  const { openPrincipal, severity, privileged, exempt, ...rest } = summarySchema.parse(item);
  return { ...rest, principalArn: openPrincipal, state: 'ACTIVE', standing: { severity, privileged, exempt } };
}
