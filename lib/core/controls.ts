import type { Finding, FindingType } from './finding';

/**
 * The controls each finding type (and case) corresponds to, in one place for ASFF, OCSF and
 * docs/findings.md. A control is mapped only where the finding is a failure of it; where Tally's
 * threshold is configurable (or stricter for privileged principals) the mapping names the requirement
 * the check implements, not a claim that the control's own default fired.
 */

export const FRAMEWORKS = {
  cis: 'CIS AWS Foundations Benchmark v3.0.0',
  securityHub: 'AWS Security Hub',
  owaspNhi: 'OWASP Non-Human Identities Top 10 2025',
  nistCsf: 'NIST CSF 2.0',
} as const;
export type Framework = keyof typeof FRAMEWORKS;

export interface ControlRef {
  framework: Framework;
  id: string;
  title: string;
}

const ref = (framework: Framework, id: string, title: string): ControlRef => ({ framework, id, title });

/** Every control Tally maps to, by a short key used in the table below. */
export const CONTROLS = {
  'CIS 1.4': ref('cis', '1.4', "Ensure no 'root' user account access key exists"),
  'CIS 1.12': ref('cis', '1.12', 'Ensure credentials unused for 45 days or more are disabled'),
  'CIS 1.13': ref('cis', '1.13', 'Ensure there is only one active access key for any single IAM user'),
  'CIS 1.14': ref('cis', '1.14', 'Ensure access keys are rotated every 90 days or less'),
  'IAM.3': ref('securityHub', 'IAM.3', "IAM users' access keys should be rotated every 90 days or less"),
  'IAM.4': ref('securityHub', 'IAM.4', 'IAM root user access key should not exist'),
  'IAM.22': ref('securityHub', 'IAM.22', 'IAM user credentials unused for 45 days should be removed'),
  'SecretsManager.1': ref('securityHub', 'SecretsManager.1', 'Secrets Manager secrets should have automatic rotation enabled'),
  'SecretsManager.3': ref('securityHub', 'SecretsManager.3', 'Remove unused Secrets Manager secrets'),
  'SecretsManager.4': ref('securityHub', 'SecretsManager.4', 'Secrets Manager secrets should be rotated within a specified number of days'),
  NHI1: ref('owaspNhi', 'NHI1', 'Improper Offboarding'),
  NHI5: ref('owaspNhi', 'NHI5', 'Overprivileged NHI'),
  NHI7: ref('owaspNhi', 'NHI7', 'Long-Lived Secrets'),
  'PR.AA-01': ref('nistCsf', 'PR.AA-01', 'Identities and credentials for authorized users, services, and hardware are managed by the organization'),
  'PR.AA-05': ref('nistCsf', 'PR.AA-05', 'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed'),
} as const satisfies Record<string, ControlRef>;
export type ControlKey = keyof typeof CONTROLS;

type VariantControls = Readonly<Record<string, readonly ControlKey[]>>;

/**
 * Controls per finding type and variant (`default` for a type's only case, `*` for every case not
 * listed). Partial so a new type can land first; test/core/controls checks that none is missing.
 */
export const TYPE_CONTROLS: { readonly [T in FindingType]?: VariantControls } = {
  APPROVED_NOT_PROVISIONED: { identity: ['PR.AA-01', 'PR.AA-05'], '*': ['PR.AA-05'] },
  UNAPPROVED_ENTITLEMENT: {
    'root-key': ['CIS 1.4', 'IAM.4', 'PR.AA-01'],
    identity: ['PR.AA-01', 'PR.AA-05'],
    'access-key': ['PR.AA-01', 'PR.AA-05'],
    '*': ['PR.AA-05'],
  },
  DRIFTED_ENTITLEMENT: { 'extra-keys': ['CIS 1.13', 'PR.AA-01', 'PR.AA-05'], '*': ['PR.AA-05'] },
  EXPIRED_APPROVAL_ACTIVE: { '*': ['NHI1', 'PR.AA-05'] },
  STALE_ACCESS_KEY: { '*': ['CIS 1.14', 'IAM.3', 'NHI7', 'PR.AA-01'] },
  UNUSED_ACCESS_KEY: { '*': ['CIS 1.12', 'IAM.22', 'NHI1', 'PR.AA-01'] },
  UNUSED_ROLE: { '*': ['NHI1', 'PR.AA-05'] },
  SECRET_NOT_ROTATED: {
    'rotation-disabled': ['SecretsManager.1', 'NHI7', 'PR.AA-01'],
    'disabled-overdue': ['SecretsManager.4', 'SecretsManager.1', 'NHI7', 'PR.AA-01'],
    '*': ['SecretsManager.4', 'NHI7', 'PR.AA-01'],
  },
  SECRET_UNUSED: { '*': ['SecretsManager.3', 'NHI1', 'PR.AA-01'] },
  APPROVED_BUT_UNUSED: { '*': ['NHI5', 'PR.AA-05'] },
  RECONCILED: { '*': ['PR.AA-05'] },
  DEPROVISIONED: { '*': ['PR.AA-05'] },
};

/** The controls of a type's variant (the type's `*` entry when the variant has none of its own). */
export function controlsOf(type: FindingType, variant?: string): ControlRef[] {
  const byVariant = TYPE_CONTROLS[type];
  const keys = (variant !== undefined ? byVariant?.[variant] : undefined) ?? byVariant?.['*'] ?? [];
  return keys.map((k) => CONTROLS[k]);
}

/**
 * A finding's controls. CIS 1.13 applies to extra keys only when more than one is active (an
 * approval of no keys drifts at one). The Security Hub control is the finding's own `control` when
 * mapped, else the first one mapped.
 */
export function findingControls(f: Pick<Finding, 'type' | 'variant' | 'control' | 'observed'>): { securityControlId?: string; controls: ControlRef[] } {
  let controls = controlsOf(f.type, f.variant);
  if (f.variant === 'extra-keys' && !(Number(f.observed?.detail?.['activeKeys'] ?? 0) > 1)) controls = controls.filter((c) => c.id !== '1.13');
  const hub = controls.filter((c) => c.framework === 'securityHub').map((c) => c.id);
  const securityControlId = f.control && hub.includes(f.control) ? f.control : hub[0];
  return securityControlId ? { securityControlId, controls } : { controls };
}

/** `CIS AWS Foundations Benchmark v3.0.0/1.14`: a control as an ASFF RelatedRequirements entry. */
export function requirementName(c: ControlRef): string {
  return `${FRAMEWORKS[c.framework]}/${c.id}`;
}
