import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EVENT_TARGET, judge, topOperations, verdict, type JudgedRun } from './call-targets';
import { measureSweepCalls, type SweepCallFigures } from './sweep-calls';

/** One delivery of the CloudTrail event: the handler's answer and the calls that arrived, by `service:Operation`. */
export interface EventDelivery {
  total: number;
  byAction: Record<string, number>;
}

export interface CallCounts {
  /** 10, 1 000 and 10 000 users (the last several minutes on a 2-core machine). */
  sizes: (Omit<SweepCallFigures, 'runs'> & { runs: JudgedRun[] })[];
  eventPath: {
    target: number;
    /** The first event of a fresh container (the approvals' first evidence). */
    first: EventDelivery;
    /** A second event about the same, already verified user: the one judged against the target. */
    warm: EventDelivery & { verdict: string };
    /** The warm event delivered again (same eventID): served from the idempotency record. */
    redelivered: EventDelivery;
    /** The warm event when the ledger also holds the open findings of a 10 000-user account about other principals. */
    inLargeAccount: { openFindings: number; warm: EventDelivery & { verdict: string } };
  };
}

/** Open findings in the ledger of the 10 000-user account after its first publish (bench, this session). */
const LARGE_ACCOUNT_OPEN_FINDINGS = 15_000;

/** The event path in a child process: the handler reads its environment once, at import. */
function eventPathInChild(root: string, openFindings = 0): Omit<CallCounts['eventPath'], 'target' | 'inLargeAccount'> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/event-bench.ts'), String(openFindings)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.split('\n').filter((l) => l.startsWith('{"first"')).pop();
  if (r.status !== 0 || !line) throw new Error(`event path bench failed: ${r.stderr}`);
  const { first, warm, redelivered } = JSON.parse(line) as Record<'first' | 'warm' | 'redelivered', EventDelivery>;
  const strip = (d: EventDelivery): EventDelivery => ({ total: d.total, byAction: d.byAction });
  return { first: strip(first), warm: { ...strip(warm), verdict: verdict(warm.total, EVENT_TARGET) }, redelivered: strip(redelivered) };
}

/** Every call of whole sweeps at 10, 1 000 and 10 000 users, and of the event path. */
export async function measureCallCounts(root: string, progress: (m: string) => void): Promise<CallCounts> {
  const sizes = [10, 1_000, 10_000];
  const measured: SweepCallFigures[] = [];
  for (const users of sizes) {
    const t0 = performance.now();
    measured.push(await measureSweepCalls(users, (m) => progress(`call counts, ${m}`)));
    progress(`call counts, ${users} users: ${Math.round((performance.now() - t0) / 1000)} s`);
  }
  progress('call counts: the CloudTrail event path');
  const baseline = measured.find((m) => m.users === 1_000);
  const eventPath = eventPathInChild(root);
  progress(`call counts: the CloudTrail event path, ${LARGE_ACCOUNT_OPEN_FINDINGS} open findings of other principals in the ledger`);
  const large = eventPathInChild(root, LARGE_ACCOUNT_OPEN_FINDINGS);
  return {
    sizes: measured.map((m) => ({ ...m, runs: judge(m, baseline) })),
    eventPath: { target: EVENT_TARGET, ...eventPath, inLargeAccount: { openFindings: LARGE_ACCOUNT_OPEN_FINDINGS, warm: large.warm } },
  };
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

/** The call counts as a table: each run's total against its target, and where the calls go. */
export function printCallCounts(c: CallCounts): void {
  const rows: string[][] = [['account', 'run', 'calls', 'target', 'verdict', 'top operations']];
  for (const s of c.sizes) {
    const account = `${s.users} users (${s.roles} roles, ${s.secrets} secrets, ${s.approvals} approvals)`;
    for (const r of s.runs) {
      const counted = r.received === r.total ? String(r.total) : `${r.total} (server saw ${r.received})`;
      rows.push([account, r.run, counted, r.target === undefined ? '-' : `≤ ${r.target}${r.targetBasis ? ` (${r.targetBasis})` : ''}`, r.verdict, topOperations(r.byAction)]);
    }
  }
  const e = c.eventPath;
  rows.push(['event path: PutUserPolicy, user with 1 key, 1 group, 1 inline policy', 'warm container', String(e.warm.total), `≤ ${e.target}`, e.warm.verdict, topOperations(e.warm.byAction, 20)]);
  rows.push(['', 'first event of a container', String(e.first.total), '-', '-', topOperations(e.first.byAction, 20)]);
  rows.push(['', 'same eventID redelivered', String(e.redelivered.total), '-', '-', topOperations(e.redelivered.byAction, 20)]);
  const large = e.inLargeAccount;
  rows.push(['', `warm, ${large.openFindings} other open findings in the ledger`, String(large.warm.total), `≤ ${e.target}`, large.warm.verdict, topOperations(large.warm.byAction, 20)]);
  table(rows);
}
