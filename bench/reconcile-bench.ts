import { parsePolicy } from '../lib/core/policy';
import { reconcile } from '../lib/core/reconcile';
import { BENCH_NOW, syntheticAccount } from './synthetic-account';

const [principals, approvals] = process.argv.slice(2).map(Number) as [number, number];
const account = syntheticAccount(principals, approvals);
global.gc?.();
const before = process.memoryUsage().rss;
const t0 = performance.now();
const result = reconcile(account.inventory, account.approvals, parsePolicy({}), BENCH_NOW);
const ms = performance.now() - t0;
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ principals, approvals, ms: Math.round(ms), peakRssMiB: Math.round(peak / 2 ** 20), baseRssMiB: Math.round(before / 2 ** 20), findings: result.findings.length, byType: result.summary.byType }));
