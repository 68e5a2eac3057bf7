import type { Finding, FindingType } from '../finding';
import { APPROVED_BUT_UNUSED_TEXTS } from './approved-but-unused';
import { APPROVED_NOT_PROVISIONED_TEXTS } from './approved-not-provisioned';
import { approvalSentence, DEFAULT_VARIANT, thresholdSentence, type TypeTexts, type VariantTexts } from './common';
import { DRIFTED_ENTITLEMENT_TEXTS } from './drifted-entitlement';
import { DEPROVISIONED_TEXTS, RECONCILED_TEXTS } from './evidence';
import { EXPIRED_APPROVAL_ACTIVE_TEXTS } from './expired-approval-active';
import { SECRET_NOT_ROTATED_TEXTS } from './secret-not-rotated';
import { SECRET_UNUSED_TEXTS } from './secret-unused';
import { STALE_ACCESS_KEY_TEXTS } from './stale-access-key';
import { UNAPPROVED_ENTITLEMENT_TEXTS } from './unapproved-entitlement';
import { UNUSED_ACCESS_KEY_TEXTS } from './unused-access-key';
import { UNUSED_ROLE_TEXTS } from './unused-role';

export { DEFAULT_VARIANT, type TypeTexts, type VariantTexts } from './common';

/**
 * Every type's cases and what a responder does about each, written once next to the texts its rule
 * builds. Partial so a new type can land before its texts; test/core/finding-texts checks that none is missing.
 */
export const FINDING_TEXTS: { readonly [T in FindingType]?: TypeTexts } = {
  APPROVED_NOT_PROVISIONED: APPROVED_NOT_PROVISIONED_TEXTS,
  UNAPPROVED_ENTITLEMENT: UNAPPROVED_ENTITLEMENT_TEXTS,
  DRIFTED_ENTITLEMENT: DRIFTED_ENTITLEMENT_TEXTS,
  EXPIRED_APPROVAL_ACTIVE: EXPIRED_APPROVAL_ACTIVE_TEXTS,
  STALE_ACCESS_KEY: STALE_ACCESS_KEY_TEXTS,
  UNUSED_ACCESS_KEY: UNUSED_ACCESS_KEY_TEXTS,
  UNUSED_ROLE: UNUSED_ROLE_TEXTS,
  SECRET_NOT_ROTATED: SECRET_NOT_ROTATED_TEXTS,
  SECRET_UNUSED: SECRET_UNUSED_TEXTS,
  APPROVED_BUT_UNUSED: APPROVED_BUT_UNUSED_TEXTS,
  RECONCILED: RECONCILED_TEXTS,
  DEPROVISIONED: DEPROVISIONED_TEXTS,
};

/** For a finding whose variant has no texts (one built before variants existed). */
const FALLBACK_REMEDIATION =
  'In AWS: bring the access in line with its approval, or remove it if nothing approves it. In the ticket: if what AWS holds is right, approve it in a new ticket and import it.';

/** The case of a finding's type it is; undefined when the type or variant has no texts. */
export function variantTexts(f: Pick<Finding, 'type' | 'variant'>): VariantTexts | undefined {
  const texts = FINDING_TEXTS[f.type];
  return texts?.[f.variant ?? DEFAULT_VARIANT] ?? (texts && Object.keys(texts).length === 1 ? Object.values(texts)[0] : undefined);
}

/** What to do in AWS and in the ticket (≤ 512 characters). */
export function remediationOf(f: Pick<Finding, 'type' | 'variant'>): string {
  return variantTexts(f)?.remediation ?? FALLBACK_REMEDIATION;
}

/**
 * The finding for a responder who has nothing else: the summary (the observed fact), the approval
 * (ticket, approver, dates, risk), the threshold in its configured unit, privilege and exemption.
 * Untruncated; a sink cuts it to its own limit.
 */
export function describeFinding(f: Finding): string {
  const lead = (/\S/.test(f.summary) ? f.summary : /\S/.test(f.title) ? f.title : f.type).trim();
  const sentence = lead.charAt(0).toUpperCase() + lead.slice(1);
  const parts = [/[.!?]$/.test(sentence) ? sentence : `${sentence}.`];
  if (f.approval) parts.push(approvalSentence(f.approval, f.detectedAt));
  if (f.threshold) parts.push(thresholdSentence(f.threshold));
  if (f.privileged) parts.push('Privileged principal: stricter thresholds and one step higher severity.');
  if (f.exempt) parts.push(`Exempt (${f.exempt.source}): ${f.exempt.reason}. Tally plans no action on it.`);
  return parts.join(' ');
}

/** Where the project's documentation of finding types lives; each type has its own section there. */
export const FINDINGS_DOC_URL = 'https://github.com/tally-access/tally/blob/main/docs/findings.md';

/** The documentation section of a finding type: `…/docs/findings.md#stale_access_key`. */
export function findingDocUrl(type: FindingType): string {
  return `${FINDINGS_DOC_URL}#${type.toLowerCase()}`;
}
