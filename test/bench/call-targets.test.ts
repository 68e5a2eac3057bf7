import { describe, expect, it } from 'vitest';
import { judge, verdict } from '../../bench/call-targets';
import type { RunFigures, RunName, SweepCallFigures } from '../../bench/sweep-calls';

const run = (name: RunName, byAction: Record<string, number>): RunFigures => {
  const total = Object.values(byAction).reduce((a, b) => a + b, 0);
  return { run: name, total, byAction, received: total, receivedByAction: byAction, findings: 0, ms: 0 };
};
const size = (users: number, pages: number, runs: [RunName, Record<string, number>][]): SweepCallFigures => ({
  users, roles: 0, groups: 0, policies: 0, secrets: 10, secretsWithoutLastRotated: 6, approvals: 0,
  runs: runs.map(([n, extra]) => run(n, { 'iam:GetAccountAuthorizationDetails': pages, ...extra })),
});

describe('call targets', () => {
  it('judges the first read-only sweep against 12 plus one version read per secret without LastRotatedDate when no version is known yet', () => {
    const [first] = judge(size(1000, 2, [['read-only', { 'secretsmanager:ListSecretVersionIds': 6 }]]), undefined);
    expect(first).toMatchObject({ total: 8, target: 18, verdict: 'met' });
  });

  it('allows another size only the difference in paged reads when its steady state is judged', () => {
    const baseline = size(1000, 2, [['steady state', { 'events:PutEvents': 1 }]]);
    const big = size(10_000, 14, [['steady state', { 'events:PutEvents': 1 }]]);
    expect(judge(big, baseline)[0]).toMatchObject({ total: 15, target: 27, verdict: 'met' });
  });

  it('allows a larger account its extra paged reads on top of the version reads when its first read-only sweep is judged', () => {
    const baseline = size(1000, 2, [['read-only', { 'secretsmanager:ListSecretVersionIds': 6 }]]);
    const big = size(10_000, 14, [['read-only', { 'secretsmanager:ListSecretVersionIds': 6 }]]);
    expect(judge(big, baseline)[0]).toMatchObject({ total: 20, target: 30, verdict: 'met' });
  });

  it('says by how much a run misses when it is over its target', () => {
    expect(verdict(7029, 1500)).toBe('MISSED by 5529 (4.7×)');
  });
});
