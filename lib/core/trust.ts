import type { PolicyDocument } from './inventory';

const ACCOUNT_ID = /^\d{12}$/;

/** Account ids in trust policies mean the account's root principal; compare in one form. */
export function normaliseTrustPrincipal(p: string): string {
  return ACCOUNT_ID.test(p) ? `arn:aws:iam::${p}:root` : p;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** Sorted, de-duplicated principals that an Allow statement of a role trust policy lets assume it. */
export function trustPrincipals(doc: PolicyDocument): string[] {
  const out = new Set<string>();
  for (const stmt of asList(doc.Statement)) {
    if (!stmt || typeof stmt !== 'object') continue;
    const s = stmt as Record<string, unknown>;
    if (s.Effect !== 'Allow') continue;
    const principal = s.Principal;
    if (principal === '*') {
      out.add('*');
      continue;
    }
    if (!principal || typeof principal !== 'object') continue;
    for (const value of Object.values(principal as Record<string, unknown>)) {
      for (const p of asList(value)) if (typeof p === 'string') out.add(normaliseTrustPrincipal(p));
    }
  }
  return [...out].sort();
}

/** Trust that reaches outside the account: another account, a federated provider, or anyone. */
export function isExternalTrust(principal: string, accountId: string): boolean {
  if (principal === '*') return true;
  if (principal.endsWith('.amazonaws.com') || principal.endsWith('.amazonaws.com.cn')) return false;
  const account = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
  if (account === undefined) return true;
  if (account !== accountId) return true;
  return /:saml-provider\/|:oidc-provider\//.test(principal);
}
