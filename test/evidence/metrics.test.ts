import { describe, expect, it } from 'vitest';
import { verificationBuckets } from '../../lib/evidence/html-report';
import { foldEpisodes } from '../../lib/evidence/history';
import { computeMetrics, openTrend } from '../../lib/evidence/metrics';
import { parsePeriod, periodFolder, previousMonth } from '../../lib/evidence/period';
import type { FindingRecord } from '../../lib/evidence/records';
import { PERIOD, sampleData } from './sample-data';

const finding = (over: Partial<FindingRecord>): FindingRecord => ({ findingId: 'f', accountId: '123456789012', type: 'STALE_ACCESS_KEY', severity: 'LOW', title: 't', resourceId: 'r', state: 'open', firstSeen: '2026-10-01T00:00:00.000Z', lastSeen: '2026-10-01T00:00:00.000Z', source: 'history', ...over });

describe('evidence metrics', () => {
  it('counts a finding open on each day between its firstSeen and its closing when the trend is drawn', () => {
    const t = openTrend(sampleData().findings, { from: '2026-10-01T00:00:00.000Z', to: '2026-10-13T00:00:00.000Z' });
    expect(t.types).toEqual(['STALE_ACCESS_KEY', 'UNAPPROVED_ENTITLEMENT']);
    const on = (day: string) => t.points.find((p) => p.at.startsWith(day))!.byType;
    expect(on('2026-10-02')).toEqual({ UNAPPROVED_ENTITLEMENT: 1 });
    expect(on('2026-10-05')).toEqual({ STALE_ACCESS_KEY: 1, UNAPPROVED_ENTITLEMENT: 1 });
    expect(on('2026-10-12')).toEqual({ STALE_ACCESS_KEY: 1 });
  });

  it('measures approval to verified and review completion when decisions are given', () => {
    const m = computeMetrics(sampleData(), PERIOD);
    expect(m.approvals).toEqual({ total: 2, verified: 1, byOutcome: { RECONCILED: 1, PENDING: 1 } });
    expect(m.daysToVerified).toEqual([2]);
    expect(m.findings).toMatchObject({ total: 2, open: 1, opened: 2, closed: 1 });
    expect(m.reviews).toEqual({ total: 2, decided: 1, byDecision: { keep: 1, undecided: 1 }, byCampaign: { 'c-1': { total: 2, decided: 1 } } });
    expect(computeMetrics({ ...sampleData(), reviews: [], reviewsGiven: false }, PERIOD).reviews).toBeUndefined();
    expect(verificationBuckets([0.5, 2, 400]).map((b) => b.value)).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('keeps the latest episode when a finding closed in an earlier bundle is open again', () => {
    const closed = finding({ state: 'closed', closedAt: '2026-10-05T00:00:00.000Z', lastSeen: '2026-10-04T00:00:00.000Z' });
    const reopened = finding({ firstSeen: '2026-10-08T00:00:00.000Z', lastSeen: '2026-10-09T00:00:00.000Z' });
    expect(foldEpisodes([reopened, closed])).toEqual(reopened);
    const later = finding({ firstSeen: '2026-10-03T00:00:00.000Z', lastSeen: '2026-10-06T00:00:00.000Z' });
    expect(foldEpisodes([later, finding({})])).toMatchObject({ firstSeen: '2026-10-01T00:00:00.000Z', lastSeen: '2026-10-06T00:00:00.000Z' });
  });

  it('names a period folder by its dates and refuses a period that ends before it starts', () => {
    expect(periodFolder(parsePeriod('2026-10-01', '2026-11-01'))).toBe('2026-10-01_2026-11-01');
    expect(periodFolder(parsePeriod('2026-10-01T06:00:00Z', '2026-10-02'))).toBe('20261001T060000Z_20261002T000000Z');
    expect(() => parsePeriod('2026-11-01', '2026-10-01')).toThrow(/ends .* before it starts/);
    expect(previousMonth(new Date('2026-01-15T10:00:00Z'))).toEqual({ from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
  });
});
