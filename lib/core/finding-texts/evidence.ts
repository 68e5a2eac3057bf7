import type { TypeTexts } from './common';

export const RECONCILED_TEXTS: TypeTexts = {
  default: {
    when: 'the access matches its approval, or an ended approval\'s access is gone or covered by another approval',
    remediation: 'None in AWS: the access matches its ticket. In the ticket: this finding is the verification evidence; the ticket can be closed as verified.',
  },
};

export const DEPROVISIONED_TEXTS: TypeTexts = {
  default: {
    when: 'the access was verified once and has since been removed or deactivated',
    remediation:
      'None in AWS unless the access is still needed: it was verified and has since been removed or deactivated (see CloudTrail for by whom). In the ticket: close it, or re-provision the access if it is still needed.',
  },
};
