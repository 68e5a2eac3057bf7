import type { TypeTexts } from './common';

export const APPROVED_BUT_UNUSED_TEXTS: TypeTexts = {
  default: {
    when: 'access present as approved has not been used within the window of its risk (last-used data, or an IAM Access Analyzer unused-access finding)',
    remediation:
      "In AWS: nothing to change yet; if the owner confirms the access is not needed, remove it (Tally's revocation does once the approval is revoked). In the ticket: ask the approval's owner to recertify or revoke it (tally review start); revoke the approval if no one needs the access.",
  },
};
