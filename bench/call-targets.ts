import type { RunFigures, RunName, SweepCallFigures } from './sweep-calls';

/**
 * The call budgets of issue 9, stated for an account of 1 000 users: a read-only sweep ≤ 12 once
 * secret versions are known, a first publish ≤ 1 500, a publish with nothing changed ≤ 15, a publish
 * after one change small (≤ 20: the steady state plus the one finding's import, ledger write, event
 * and evidence). The event path ≤ 8.
 */
export const TARGET_USERS = 1_000;
const AT_1000: Record<RunName, number | undefined> = {
  'read-only': undefined,
  'first publish': 1_500,
  'steady state': 15,
  'one change': 20,
  'read-only again': 12,
};
export const EVENT_TARGET = 8;

/** Reads whose number grows with the account: GAAD pages (1 000 entities), ListSecrets pages (100), approval Scan pages (1 MB). */
const PAGED = ['iam:GetAccountAuthorizationDetails', 'secretsmanager:ListSecrets', 'dynamodb:Scan'];
const paged = (r: RunFigures) => PAGED.reduce((n, op) => n + (r.byAction[op] ?? 0), 0);

export interface JudgedRun extends RunFigures {
  target?: number;
  /** How the target was set for this account. */
  targetBasis?: string;
  verdict: string;
}

/**
 * Each run against its budget. At 1 000 users the issue's figures; at other sizes every run is
 * allowed the difference in paged reads to the 1 000-user account's same run, nothing else, and a
 * first publish the steady state's budget plus 1.485 calls a user (1 500 at 1 000 users). The first read-only sweep (no secret version
 * known yet) is allowed one ListSecretVersionIds per secret without LastRotatedDate on top of 12
 * (and, at other sizes, the difference in paged reads too).
 */
export function judge(size: SweepCallFigures, baseline: SweepCallFigures | undefined): JudgedRun[] {
  const extraPages = (r: RunFigures) => {
    const base = baseline?.runs.find((b) => b.run === r.run);
    return base ? paged(r) - paged(base) : 0;
  };
  const steady = size.runs.find((r) => r.run === 'steady state');
  const steadyTarget = AT_1000['steady state']! + (steady ? extraPages(steady) : 0);
  const perUser = (AT_1000['first publish']! - AT_1000['steady state']!) / TARGET_USERS;
  return size.runs.map((r) => {
    let target = AT_1000[r.run];
    let basis = size.users === TARGET_USERS ? 'issue target' : '';
    if (r.run === 'read-only') {
      const extra = size.users === TARGET_USERS ? 0 : extraPages(r);
      target = 12 + size.secretsWithoutLastRotated + extra;
      basis = `12 + ${size.secretsWithoutLastRotated} version reads (none known yet)${extra ? ` ${extra >= 0 ? '+' : '−'} ${Math.abs(extra)} paged reads` : ''}`;
    } else if (target !== undefined && size.users !== TARGET_USERS) {
      if (r.run === 'first publish') {
        target = steadyTarget + Math.ceil(perUser * size.users);
        basis = `steady-state target + ${perUser} a user`;
      } else {
        const extra = extraPages(r);
        target += extra;
        basis = `1 000-user target ${extra >= 0 ? '+' : '−'} ${Math.abs(extra)} paged reads`;
      }
    }
    if (target === undefined) return { ...r, verdict: '-' };
    return { ...r, target, targetBasis: basis, verdict: verdict(r.total, target) };
  });
}

export function verdict(total: number, target: number): string {
  return total <= target ? 'met' : `MISSED by ${total - target} (${(total / target).toFixed(1)}×)`;
}

/** The `n` operations with the most calls, `dynamodb:UpdateItem 4996, …`. */
export function topOperations(byAction: Record<string, number>, n = 4): string {
  return Object.entries(byAction)
    .sort(([, a], [, b]) => b - a)
    .slice(0, n)
    .map(([op, k]) => `${op} ${k}`)
    .join(', ');
}
