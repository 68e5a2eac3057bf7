import type { EvidenceData } from '../../lib/evidence/records';

/** A small bundle's records: two findings (one closed), two approvals (one verified), one action, two review items. */
export function sampleData(): EvidenceData {
  return {
    findings: [
      { findingId: 'f-open', accountId: '123456789012', type: 'STALE_ACCESS_KEY', severity: 'MEDIUM', title: 'Stale key', resourceId: 'arn:aws:iam::123456789012:user/ana/access-key/1', state: 'open', firstSeen: '2026-10-03T00:00:00.000Z', lastSeen: '2026-10-30T00:00:00.000Z', source: 'ledger' },
      { findingId: 'f-closed', accountId: '123456789012', type: 'UNAPPROVED_ENTITLEMENT', severity: 'HIGH', title: 'Unapproved policy', resourceId: 'arn:aws:iam::123456789012:role/ci', state: 'closed', firstSeen: '2026-10-01T12:00:00.000Z', lastSeen: '2026-10-10T00:00:00.000Z', closedAt: '2026-10-11T00:00:00.000Z', source: 'ledger' },
    ],
    approvals: [
      { approvalKey: 'SEC-1|arn:aws:iam::123456789012:user/ana|identity|', ticketId: 'SEC-1', principal: 'arn:aws:iam::123456789012:user/ana', entitlement: 'identity', target: '', risk: 'standard', status: 'approved', approvedBy: 'bo@example.com', approvedAt: '2026-10-01T00:00:00.000Z', outcome: 'RECONCILED', method: 'sweep', checkedAt: '2026-10-03T00:00:00.000Z', verifiedAt: '2026-10-03T00:00:00.000Z', source: 'approvals-table' },
      { approvalKey: 'SEC-2|arn:aws:iam::123456789012:role/ci|identity|', ticketId: 'SEC-2', principal: 'arn:aws:iam::123456789012:role/ci', entitlement: 'identity', target: '', risk: 'privileged', status: 'approved', approvedBy: 'bo@example.com', approvedAt: '2026-10-05T00:00:00.000Z', outcome: 'PENDING', method: 'sweep', checkedAt: '2026-10-06T00:00:00.000Z', source: 'approvals-table' },
    ],
    actions: [
      { actionId: 'run-1/f-open', runId: 'run-1', findingId: 'f-open', action: 'deactivate-access-key', phase: 'plan', mode: 'report', decision: 'skipped-grace', reason: 'in grace', principalArn: 'arn:aws:iam::123456789012:user/ana', target: 'AKIAEXAMPLE', actor: 'tally', at: '2026-10-04T00:00:00.000Z', source: 'audit-table' },
    ],
    reviews: [
      { campaignId: 'c-1', approvalKey: 'SEC-1|arn:aws:iam::123456789012:user/ana|identity|', decision: 'keep', decidedAt: '2026-10-20T00:00:00.000Z' },
      { campaignId: 'c-1', approvalKey: 'SEC-2|arn:aws:iam::123456789012:role/ci|identity|', decision: null },
    ],
    reviewsGiven: true,
    sources: ['test data'],
  };
}

export const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
