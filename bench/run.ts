import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureApiCalls, type ApiCallFigures } from './api-calls';
import { measureCallCounts, printCallCounts } from './call-counts';
import { describeBundle, measureBundles, meetsBundleTarget, type BundleFigures } from './lambda-bundles';

/**
 * `npm run bench`: reconcile time and peak memory, against the floor's (bench/reconcile-floor.ts), AWS API calls per sweep (the inventory read, and
 * every call of whole runs: read-only, first publish, steady state, one change; the event path),
 * Lambda bundle sizes and cold import times, each against its target. Prints tables and writes
 * out/bench.json. The call counts run at 10, 1 000 and 10 000 users (the last takes minutes).
 * `--only core|calls|bundles` (comma-separated or repeated) runs those parts alone;
 * `--principals N [--approvals M]` measures the core at N principals and M (10 N) approvals instead
 * of the three sizes.
 */
const ROOT = resolve(import.meta.dirname, '..');
const PARTS = ['core', 'calls', 'bundles'] as const;
const { values: args } = parseArgs({ options: { only: { type: 'string', multiple: true }, principals: { type: 'string' }, approvals: { type: 'string' } } });
const only = (args.only ?? []).flatMap((v) => v.split(','));
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`bench: --only takes ${PARTS.join(', ')}, not "${p}"`);
const runs = (part: (typeof PARTS)[number]) => only.length === 0 || only.includes(part);
const SIZES: [principals: number, approvals: number][] =
  args.principals !== undefined
    ? [[Number(args.principals), Number(args.approvals ?? Number(args.principals) * 10)]]
    : [
        [1_000, 10_000],
        [10_000, 100_000],
        [100_000, 1_000_000],
      ];

/** One engine's run of one size (bench/reconcile-bench.ts). */
interface EngineRun {
  ms: number;
  /** User and system CPU time: steadier than `ms` on a shared machine. */
  cpuMs: number;
  peakRssMiB: number;
  baseRssMiB: number;
  findings?: number;
  byOutcome: Record<string, number>;
  unapproved: number;
  outcomesDigest: string;
  unapprovedDigest: string;
}

interface ReconcileFigures {
  principals: number;
  approvals: number;
  ms: number;
  cpuMs: number;
  peakRssMiB: number;
  findings: number;
  /** The minimal algorithm giving the same outcomes, finding ids and unapproved ids (bench/reconcile-floor.ts). */
  floor: { ms: number; cpuMs: number; peakRssMiB: number };
  /** Tally over the floor. */
  ratio: { time: number; cpu: number; memory: number };
  /** The CPU ratio of every run of this size, lowest first; the figures above are the median run's. */
  cpuRatios: number[];
}

/**
 * Runs of the floor and Tally per size. On a shared 2-core machine one run's CPU ratio moves by
 * about 0.3 with the load, so the median run is reported and judged, and every run's ratio is shown.
 */
const REPEATS = 3;

function engineInChild(principals: number, approvals: number, engine: 'tally' | 'floor'): EngineRun {
  // A fresh process per size and engine, so peak memory is that run's own.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/reconcile-bench.ts'), String(principals), String(approvals), engine], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`reconcile bench ${engine} ${principals}/${approvals} failed: ${r.stderr}`);
  return JSON.parse(line) as EngineRun;
}

/** Tally and the floor on the same account, in sibling processes; they must agree, or the floor proves nothing. */
function reconcileAgainstFloor(principals: number, approvals: number): Omit<ReconcileFigures, 'cpuRatios'> {
  const floor = engineInChild(principals, approvals, 'floor');
  const tally = engineInChild(principals, approvals, 'tally');
  const agree = (['outcomesDigest', 'unapprovedDigest', 'unapproved'] as const).every((k) => floor[k] === tally[k]);
  if (!agree) throw new Error(`reconcile bench ${principals}/${approvals}: the floor and Tally disagree (${JSON.stringify({ floor, tally })})`);
  const ratio = (a: number, b: number) => Math.round((a / Math.max(1, b)) * 100) / 100;
  return {
    principals,
    approvals,
    ms: tally.ms,
    cpuMs: tally.cpuMs,
    peakRssMiB: tally.peakRssMiB,
    findings: tally.findings ?? 0,
    floor: { ms: floor.ms, cpuMs: floor.cpuMs, peakRssMiB: floor.peakRssMiB },
    ratio: { time: ratio(tally.ms, floor.ms), cpu: ratio(tally.cpuMs, floor.cpuMs), memory: ratio(tally.peakRssMiB, floor.peakRssMiB) },
  };
}


/** {@link REPEATS} runs of one size: the median by CPU ratio. */
function medianAgainstFloor(principals: number, approvals: number): ReconcileFigures {
  const measured = Array.from({ length: REPEATS }, () => reconcileAgainstFloor(principals, approvals)).sort((a, b) => a.ratio.cpu - b.ratio.cpu);
  return { ...measured[Math.floor(REPEATS / 2)]!, cpuRatios: measured.map((r) => r.ratio.cpu) };
}

const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
const progress = (m: string) => process.stderr.write(`bench: ${m}\n`);

progress(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const reconcile: ReconcileFigures[] = [];
for (const [p, a] of runs('core') ? SIZES : []) {
  progress(`reconcile ${p} principals / ${a} approvals`);
  reconcile.push(medianAgainstFloor(p, a));
}
const apiCalls: ApiCallFigures[] = [];
for (const n of runs('calls') ? [10, 1_000, 10_000, 100_000] : []) {
  progress(`API calls for ${n} principals`);
  apiCalls.push(await measureApiCalls(n));
}
const callCounts = runs('calls') ? await measureCallCounts(ROOT, progress) : undefined;
if (runs('bundles')) progress('bundling the Lambda handlers');
const bundles: BundleFigures[] = runs('bundles') ? await measureBundles() : [];

const rows: string[][] = [['measure', 'figure', 'target', 'verdict']];
for (const r of reconcile) {
  const big = r.principals === 100_000;
  const figure = `${r.ms} ms (CPU ${r.cpuMs} ms), ${r.peakRssMiB} MiB; floor ${r.floor.ms} ms (CPU ${r.floor.cpuMs} ms), ${r.floor.peakRssMiB} MiB; ratio ${r.ratio.time}× (CPU ${r.ratio.cpu}×), ${r.ratio.memory}×; median of ${r.cpuRatios.length} runs (CPU ${r.cpuRatios.map((c) => `${c}×`).join(' / ')})`;
  // Judged on CPU time: on a shared machine wall time also measures the neighbours.
  const meets = r.ratio.cpu <= 2 && r.ratio.memory <= 2 && r.peakRssMiB < 2048;
  rows.push([`reconcile ${r.principals} principals, ${r.approvals} approvals`, figure, big ? '≤ 2× floor, < 2 048 MiB' : '-', big ? verdict(meets) : '-']);
}
for (const c of apiCalls) {
  const iamCalls = Object.entries(c.tallyByOperation).filter(([op]) => op.startsWith('iam:')).reduce((n, [, k]) => n + k, 0);
  const limit = Math.ceil(c.principals / 1000) + 3;
  rows.push([`API calls per sweep, ${c.principals} principals`, `${c.tallySweepCalls} (IAM ${iamCalls}; per-principal approach ${c.perPrincipalCalls})`, `IAM ≤ ${limit}`, verdict(iamCalls <= limit)]);
}
const event = apiCalls[0];
if (event) rows.push(['IAM reads of the event path (user / role; whole path in the call counts)', `${event.eventPathUserCalls} / ${event.eventPathRoleCalls}`, '-', '-']);
for (const b of bundles) rows.push([`bundle ${b.handler}`, describeBundle(b), '< 0.4 MB', verdict(meetsBundleTarget(b))]);

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
console.log('');
if (callCounts) printCallCounts(callCounts);
// A run of some parts prints them; out/bench.json holds whole runs only.
if (only.length === 0) {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'out/bench.json'), `${JSON.stringify({ machine: { cores: cpus().length, node: process.version }, reconcile, apiCalls, bundles, callCounts }, null, 2)}\n`);
  progress('wrote out/bench.json');
}
