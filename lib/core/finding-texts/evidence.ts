import type { TypeTexts } from './common';

export const RECONCILED_TEXTS: TypeTexts = {
  default: {
    when: 'the access matches its approval, or an ended approval\'s access is gone or covered by another approval',
    remediation: 'In AWS: nothing: the access matches its ticket. In the ticket: this finding is the verification evidence; the ticket can be closed as verified.',
  },
};

export const DEPROVISIONED_TEXTS: TypeTexts = {
  default: {
    when: 'the access was verified once and has since been removed or deactivated',
    remediation:
      'In AWS: nothing, unless the access is still needed: it was verified and has since been removed or deactivated (CloudTrail says by whom). In the ticket: close it, or have the access re-provisioned if it is still needed.',
  },
};
