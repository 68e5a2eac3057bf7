import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINDING_TYPES } from '../../lib/core/finding';
import type { ReconcileResult } from '../../lib/core/result';
import { assertValidAsff } from '../../lib/sinks/asff-schema';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'dist/tally.mjs');
const DEMO = join(ROOT, 'examples/demo-account');
const NOW = '2026-11-20T00:00:00Z';

function tally(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tally (built binary)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  });

  it('sweeps the demo account, prints every finding type and writes JSON, ASFF and CSV', () => {
    const out = mkdtempSync(join(tmpdir(), 'tally-cli-'));
    const r = tally('sweep', '--snapshot', DEMO, '--now', NOW, '--emit', `json=${out}/f.json`, '--emit', `asff=${out}/f.asff.json`, '--emit', `csv=${out}/f.csv`);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    for (const type of FINDING_TYPES) expect(r.stdout).toContain(type);
    const result = JSON.parse(readFileSync(`${out}/f.json`, 'utf8')) as ReconcileResult;
    expect(new Set(result.findings.map((f) => f.type))).toEqual(new Set(FINDING_TYPES));
    const asff = JSON.parse(readFileSync(`${out}/f.asff.json`, 'utf8')) as unknown[];
    expect(asff).toHaveLength(result.findings.length);
    for (const f of asff) assertValidAsff(f);
    expect(readFileSync(`${out}/f.csv`, 'utf8').split('\n')[0]).toMatch(/^id,type,severity/);
  });

  it('exits 1 when a non-exempt finding is at or above --fail-on, 0 when none is', () => {
    expect(tally('sweep', '--snapshot', DEMO, '--now', NOW, '--format', 'json', '--fail-on', 'critical').code).toBe(1);
    const clean = mkdtempSync(join(tmpdir(), 'tally-clean-'));
    cpSync(join(ROOT, 'test/fixtures/cli/clean-account'), clean, { recursive: true });
    expect(tally('sweep', '--snapshot', clean, '--now', NOW, '--fail-on', 'low').code).toBe(0);
  });

  it('exits 2 naming the problem for bad usage', () => {
    const unknownFormat = tally('sweep', '--snapshot', DEMO, '--format', 'xml');
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr).toContain('xml');
    expect(tally('sweep').code).toBe(2);
    const badNow = tally('sweep', '--snapshot', DEMO, '--now', 'yesterday');
    expect([badNow.code, badNow.stderr]).toEqual([2, expect.stringContaining('--now')]);
  });

  it('exits 2 naming the file for a truncated export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-bad-'));
    cpSync(DEMO, dir, { recursive: true });
    const file = join(dir, 'iam-authorization-details-2.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 500));
    const r = tally('sweep', '--snapshot', dir, '--now', NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('iam-authorization-details-2.json');
  });

  it('exits 2 naming the field of a bad policy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-policy-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ standard: { accessKeyMaxAgeDays: 0 } }));
    const r = tally('sweep', '--snapshot', DEMO, '--policy', join(dir, 'policy.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard.accessKeyMaxAgeDays');
  });
});
