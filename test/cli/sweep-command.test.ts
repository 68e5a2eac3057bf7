import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { ReconcileResult } from '../../lib/core/result';

const FIXTURE = resolve(__dirname, '../fixtures/cli/clean-account');
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function sweep(dir: string) {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date('2026-11-20T00:00:00Z') };
  const code = await main(['sweep', '--snapshot', dir, '--format', 'json', '--now', '2026-11-20T00:00:00Z'], io, { noColor: true });
  return { code, result: JSON.parse(out.stdout) as ReconcileResult, stderr: out.stderr };
}

describe('tally sweep --snapshot', () => {
  it('exits 3 when the IAM export says more pages follow than the snapshot holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-cut-'));
    made.push(dir);
    await cp(FIXTURE, dir, { recursive: true });
    const gaad = JSON.parse(await readFile(join(dir, 'gaad.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'gaad.json'), JSON.stringify({ ...gaad, IsTruncated: true, Marker: 'EXAMPLEmarker' }));
    const { code, result, stderr } = await sweep(dir);
    expect(result.incomplete).toContain('iam');
    expect(result.findings.filter((f) => f.type === 'APPROVED_NOT_PROVISIONED')).toEqual([]);
    expect(stderr).toMatch(/incomplete/);
    expect(code).toBe(3);
  });

  it('exits 0 when a snapshot simply holds no credential report or secrets export', async () => {
    const { code, result } = await sweep(FIXTURE);
    expect(result.incomplete).toEqual(['credentialReport', 'secrets']);
    expect(code).toBe(0);
  });
});
