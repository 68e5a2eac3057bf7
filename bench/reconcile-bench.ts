import { createHash } from 'node:crypto';
import { parsePolicy } from '../lib/core/policy';
import { reconcile } from '../lib/core/reconcile';
import { reconcileFloor } from './reconcile-floor';
import { BENCH_NOW, syntheticAccount } from './synthetic-account';

/**
 * One measurement in a process of its own, so its peak memory is its own: `tally` runs `reconcile`,
 * `floor` runs {@link reconcileFloor} on the same account. Prints one JSON line: time, peak and base
 * RSS, and digests of what both must agree on (outcomes by approval key, unapproved finding ids),
 * computed after the clock stops.
 */
const [principals, approvals] = process.argv.slice(2, 4).map(Number) as [number, number];
const engine = process.argv[4] === 'floor' ? 'floor' : 'tally';
const account = syntheticAccount(principals, approvals);
const policy = parsePolicy({});
global.gc?.();
const before = process.memoryUsage().rss;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const outcomesAndUnapproved = () => {
  if (engine === 'floor') return reconcileFloor(account.inventory, account.approvals, policy, BENCH_NOW);
  const r = reconcile(account.inventory, account.approvals, policy, BENCH_NOW);
  return { outcomes: r.outcomes, unapproved: r.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT').map((f) => f.id), findings: r.findings.length };
};
const result = outcomesAndUnapproved();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const peak = process.resourceUsage().maxRSS * 1024;

const digest = (lines: string[]) => {
  const h = createHash('sha256');
  for (const l of lines.sort()) h.update(l).update('\n');
  return h.digest('hex').slice(0, 16);
};
const byOutcome: Record<string, number> = {};
for (const o of result.outcomes) byOutcome[o.outcome] = (byOutcome[o.outcome] ?? 0) + 1;
console.log(
  JSON.stringify({
    engine,
    principals,
    approvals,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMiB: Math.round(peak / 2 ** 20),
    baseRssMiB: Math.round(before / 2 ** 20),
    ...('findings' in result ? { findings: result.findings } : {}),
    byOutcome,
    unapproved: result.unapproved.length,
    outcomesDigest: digest(result.outcomes.map((o) => `${o.approvalKey}\t${o.outcome}\t${o.findingId ?? ''}`)),
    unapprovedDigest: digest(result.unapproved),
  }),
);
