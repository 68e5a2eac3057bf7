import type { Exemption, Finding, Severity } from './finding';
import type { FindingInput } from './context';

/**
 * The finding with its fields in the order findings have always had: id, the input's fields (a
 * variant right after the type),
 * accountId, privileged, exempt, detectedAt. The common shapes are object literals: a literal holds
 * every field in the object itself, where fields added one by one spill into a separate property
 * store, and a sweep builds one finding per approval.
 */
export function assembleFinding(
  id: string,
  input: FindingInput,
  severity: Severity,
  accountId: string,
  privileged: boolean,
  exempt: Exemption | undefined,
  detectedAt: string,
): Finding {
  const { type, title, summary, resource, approval, observed } = input;
  if (exempt === undefined && !('threshold' in input) && !('control' in input)) {
    if (!('variant' in input)) {
      if ('approval' in input) {
        return 'observed' in input
          ? { id, type, severity, title, summary, resource, approval, observed, accountId, privileged, detectedAt }
          : { id, type, severity, title, summary, resource, approval, accountId, privileged, detectedAt };
      }
      if ('observed' in input) return { id, type, severity, title, summary, resource, observed, accountId, privileged, detectedAt };
    } else {
      const { variant } = input;
      if ('approval' in input) {
        return 'observed' in input
          ? { id, type, variant, severity, title, summary, resource, approval, observed, accountId, privileged, detectedAt }
          : { id, type, variant, severity, title, summary, resource, approval, accountId, privileged, detectedAt };
      }
      if ('observed' in input) return { id, type, variant, severity, title, summary, resource, observed, accountId, privileged, detectedAt };
    }
  }
  const f = ('variant' in input ? { id, type, variant: input.variant, severity, title, summary, resource } : { id, type, severity, title, summary, resource }) as Finding;
  if ('approval' in input) f.approval = approval;
  if ('observed' in input) f.observed = observed;
  if ('threshold' in input) f.threshold = input.threshold;
  if ('control' in input) f.control = input.control;
  f.accountId = accountId;
  f.privileged = privileged;
  if (exempt) f.exempt = exempt;
  f.detectedAt = detectedAt;
  return f;
}
