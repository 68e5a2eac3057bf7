import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { measureApiCalls, type ApiCallFigures } from './api-calls';
import { measureCallCounts, printCallCounts } from './call-counts';
import { describeBundle, measureBundles, meetsBundleTarget, type BundleFigures } from './lambda-bundles';

/**
 * `npm run bench`: reconcile time and peak memory, AWS API calls per sweep (the inventory read, and
 * every call of whole runs: read-only, first publish, steady state, one change; the event path),
 * Lambda bundle sizes and cold import times, each against its target. Prints tables and writes
 * out/bench.json. `TALLY_BENCH_CALLS_10K=1` adds the 10 000-user account to the call counts (minutes).
 */
const ROOT = resolve(import.meta.dirname, '..');
const SIZES: [principals: number, approvals: number][] = [
  [1_000, 10_000],
  [10_000, 100_000],
  [100_000, 1_000_000],
];

interface ReconcileFigures {
  principals: number;
  approvals: number;
  ms: number;
  peakRssMiB: number;
  findings: number;
}

function reconcileInChild(principals: number, approvals: number): ReconcileFigures {
  // A fresh process per size, so peak memory is that size's own.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/reconcile-bench.ts'), String(principals), String(approvals)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`reconcile bench ${principals}/${approvals} failed: ${r.stderr}`);
  return JSON.parse(line) as ReconcileFigures;
}

const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
const progress = (m: string) => process.stderr.write(`bench: ${m}\n`);

progress(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const reconcile: ReconcileFigures[] = [];
for (const [p, a] of SIZES) {
  progress(`reconcile ${p} principals / ${a} approvals`);
  reconcile.push(reconcileInChild(p, a));
}
const apiCalls: ApiCallFigures[] = [];
for (const n of [10, 1_000, 10_000, 100_000]) {
  progress(`API calls for ${n} principals`);
  apiCalls.push(await measureApiCalls(n));
}
const callCounts = await measureCallCounts(ROOT, progress);
progress('bundling the Lambda handlers');
const bundles: BundleFigures[] = await measureBundles();

const rows: string[][] = [['measure', 'figure', 'target', 'verdict']];
for (const r of reconcile) {
  const big = r.principals === 100_000;
  rows.push([`reconcile ${r.principals} principals, ${r.approvals} approvals`, `${r.ms} ms, ${r.peakRssMiB} MiB peak, ${r.findings} findings`, big ? '< 5 000 ms, < 2 048 MiB' : '-', big ? verdict(r.ms < 5000 && r.peakRssMiB < 2048) : '-']);
}
for (const c of apiCalls) {
  const iamCalls = Object.entries(c.tallyByOperation).filter(([op]) => op.startsWith('iam:')).reduce((n, [, k]) => n + k, 0);
  const limit = Math.ceil(c.principals / 1000) + 3;
  rows.push([`API calls per sweep, ${c.principals} principals`, `${c.tallySweepCalls} (IAM ${iamCalls}; per-principal approach ${c.perPrincipalCalls})`, `IAM ≤ ${limit}`, verdict(iamCalls <= limit)]);
}
const event = apiCalls[0]!;
rows.push(['IAM reads of the event path (user / role; whole path in the call counts)', `${event.eventPathUserCalls} / ${event.eventPathRoleCalls}`, '-', '-']);
for (const b of bundles) rows.push([`bundle ${b.handler}`, describeBundle(b), '< 0.4 MB', verdict(meetsBundleTarget(b))]);

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
console.log('');
printCallCounts(callCounts);
mkdirSync(join(ROOT, 'out'), { recursive: true });
writeFileSync(join(ROOT, 'out/bench.json'), `${JSON.stringify({ machine: { cores: cpus().length, node: process.version }, reconcile, apiCalls, bundles, callCounts }, null, 2)}\n`);
progress('wrote out/bench.json');
