import { hash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace: equal documents give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** The hash an `inline-policy` approval pins with `documentSha256`. */
export function documentSha256(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}
