import { sha256Hex } from './canonical-json';
import { FINDING_TYPES } from './finding';

const LOWER: Record<string, string> = Object.fromEntries(FINDING_TYPES.map((t) => [t, t.toLowerCase()]));

/** Stable finding id per (account, type, resource, discriminator). */
export function findingId(accountId: string, type: string, resourceId: string, discriminator = ''): string {
  // join builds one flat string; a template keeps a chain of pieces and the whole 64-digit hash alive
  // in every id, more than twice the memory across a million findings.
  const hash = sha256Hex([accountId, type, resourceId, discriminator].join('|')).slice(0, 32);
  return ['tally/', accountId, '/', LOWER[type] ?? type.toLowerCase(), '/', hash].join('');
}
