import type { PolicyDocument } from './inventory';

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Service prefixes (`s3`, `ec2`) the Allow statements of `documents` grant actions of, lower-case;
 * undefined when that cannot be told from the text (an `Action` of `*`, a `NotAction`, a document
 * not read): then no unused-service list can show the whole grant unused.
 */
export function grantedServices(documents: readonly (PolicyDocument | undefined)[]): Set<string> | undefined {
  const out = new Set<string>();
  for (const doc of documents) {
    if (doc === undefined) return undefined;
    for (const st of asList(doc.Statement)) {
      const s = st as Record<string, unknown>;
      if (s.Effect !== 'Allow') continue;
      if (s.NotAction !== undefined) return undefined;
      for (const action of asList(s.Action)) {
        if (typeof action !== 'string') return undefined;
        const colon = action.indexOf(':');
        if (colon <= 0) return undefined;
        const service = action.slice(0, colon).toLowerCase();
        if (service.includes('*')) return undefined;
        out.add(service);
      }
    }
  }
  return out;
}
