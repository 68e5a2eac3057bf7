import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { Finding } from '../../lib/core/finding';
import type { ReconcileResult } from '../../lib/core/result';
import pkg from '../../package.json' with { type: 'json' };
import { ocsfComplianceFindingErrors } from '../report/ocsf-schema';

const ROOT = resolve(__dirname, '../..');
const DEMO = join(ROOT, 'examples/demo-account');
const CLEAN = join(ROOT, 'test/fixtures/cli/clean-account');
const NOW = '2026-11-20T00:00:00Z';
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tally(args: string[], width?: number) {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date(NOW), ...(width ? { width } : {}) };
  const code = await main(args, io, { noColor: true });
  return { code, ...out };
}

const demo = (...args: string[]) => tally(['sweep', '--snapshot', DEMO, '--now', NOW, ...args]);

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-opts-'));
  made.push(dir);
  return dir;
}

describe('tally options', () => {
  it('prints the package version when asked for --version', async () => {
    const r = await tally(['--version']);
    expect([r.code, r.stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('prints no progress on stderr when --quiet, and still warns', async () => {
    const loud = await demo('--format', 'json');
    const quiet = await demo('--format', 'json', '-q');
    expect(loud.stderr).toMatch(/reconciled \d+ principal/);
    expect(quiet.stderr).not.toMatch(/reconciled \d+ principal|read \d+ export file/);
    expect(quiet.stderr).toMatch(/warning:/);
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it('refuses --quiet with --verbose as bad usage', async () => {
    expect((await demo('-q', '-v')).code).toBe(2);
  });

  it('keeps only findings at or above --severity and of the --type given, in every output, when filtering', async () => {
    const dir = await tempDir();
    const r = await demo('--format', 'json', '--severity', 'high', '--type', 'UNAPPROVED_ENTITLEMENT,drifted_entitlement', '--emit', `csv=${dir}/f.csv`, '--emit', `jsonl=${dir}/f.jsonl`);
    const result = JSON.parse(r.stdout) as ReconcileResult;
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => ['HIGH', 'CRITICAL'].includes(f.severity) && ['UNAPPROVED_ENTITLEMENT', 'DRIFTED_ENTITLEMENT'].includes(f.type))).toBe(true);
    expect(Object.values(result.summary.byType).reduce((a, b) => a + b, 0)).toBe(result.findings.length);
    expect((await readFile(`${dir}/f.csv`, 'utf8')).trim().split('\n')).toHaveLength(result.findings.length + 1);
    expect((await readFile(`${dir}/f.jsonl`, 'utf8')).trim().split('\n')).toHaveLength(result.findings.length);
  });

  it('counts only the filtered findings for --fail-on when filtering', async () => {
    expect((await demo('--format', 'json', '--fail-on', 'critical')).code).toBe(1);
    expect((await demo('--format', 'json', '--fail-on', 'critical', '--type', 'SECRET_UNUSED')).code).toBe(0);
  });

  it('exits 2 naming the value for an unknown --type or --severity', async () => {
    const r = await demo('--type', 'NOPE');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('NOPE')]);
    expect((await demo('--severity', 'urgent')).code).toBe(2);
  });

  it('writes one finding per line as JSON when the format is jsonl', async () => {
    const r = await demo('--format', 'jsonl');
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
    const all = JSON.parse((await demo('--format', 'json')).stdout) as ReconcileResult;
    expect(lines).toEqual(all.findings);
  });

  it('writes each --emit FORMAT into --out-dir named for the account and evaluation time', async () => {
    const dir = await tempDir();
    const r = await demo('-q', '--out-dir', dir, '--emit', 'ocsf', '--emit', 'html', '--emit', 'json');
    expect(r.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['tally-123456789012-20261120T000000Z.html', 'tally-123456789012-20261120T000000Z.json', 'tally-123456789012-20261120T000000Z.ocsf.json']);
    const ocsf = JSON.parse(await readFile(join(dir, 'tally-123456789012-20261120T000000Z.ocsf.json'), 'utf8')) as Record<string, unknown>[];
    expect(ocsf.length).toBeGreaterThan(100);
    for (const e of ocsf) expect(ocsfComplianceFindingErrors(e)).toEqual([]);
    expect(r.stdout).toContain('Tally access reconciliation');
  });

  it('exits 2 for --emit FORMAT without a file when there is no --out-dir', async () => {
    const r = await demo('--emit', 'json');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--out-dir')]);
  });

  it('lists every reconciled finding in the table only with --show-reconciled', async () => {
    const short = await demo();
    const long = await demo('--show-reconciled');
    expect(short.stdout).toMatch(/RECONCILED \(93\): /);
    expect(long.stdout.split('\n').length).toBeGreaterThan(short.stdout.split('\n').length + 90);
  });

  it.each([80, 120])('fits the table to a %i-column terminal when sweeping', async (width) => {
    const r = await tally(['sweep', '--snapshot', DEMO, '--now', NOW, '--show-reconciled'], width);
    expect(r.stdout.split('\n').filter((l) => l.length > width)).toEqual([]);
  });
});

describe('tally exit codes', () => {
  it('exits 0 when nothing is at or above --fail-on', async () => {
    expect((await tally(['sweep', '--snapshot', CLEAN, '--now', NOW, '--fail-on', 'low', '-q'])).code).toBe(0);
  });

  it('exits 1 when a non-exempt finding is at or above --fail-on', async () => {
    expect((await demo('--fail-on', 'HIGH', '-q')).code).toBe(1);
  });

  it('exits 2 for bad usage or bad input', async () => {
    expect((await tally(['sweep', '--bogus'])).code).toBe(2);
    expect((await tally(['sweep', '--snapshot', join(ROOT, 'no-such-dir'), '--now', NOW])).code).toBe(2);
  });

  it('exits 3 when the run is incomplete, even with findings at or above --fail-on', async () => {
    const dir = await tempDir();
    await cp(CLEAN, dir, { recursive: true });
    const gaad = JSON.parse(await readFile(join(dir, 'gaad.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'gaad.json'), JSON.stringify({ ...gaad, IsTruncated: true, Marker: 'EXAMPLEmarker' }));
    expect((await tally(['sweep', '--snapshot', dir, '--now', NOW, '--fail-on', 'informational', '-q'])).code).toBe(3);
  });
});
