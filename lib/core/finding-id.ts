import { sha256Hex } from './canonical-json';

/** Stable finding id per (account, type, resource, discriminator). */
export function findingId(accountId: string, type: string, resourceId: string, discriminator = ''): string {
  const hash = sha256Hex(`${accountId}|${type}|${resourceId}|${discriminator}`).slice(0, 32);
  return `tally/${accountId}/${type.toLowerCase()}/${hash}`;
}
