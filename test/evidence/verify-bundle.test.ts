import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBundle } from '../../lib/evidence/bundle';
import { fsSink } from '../../lib/evidence/fs-sink';
import { generateSigningKey, localSigner, localVerifier } from '../../lib/evidence/signing';
import { verifyBundle } from '../../lib/evidence/verify-bundle';
import { PERIOD, sampleData } from './sample-data';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const key = generateSigningKey();

async function exported(period = PERIOD) {
  const root = await mkdtemp(join(tmpdir(), 'tally-evidence-'));
  made.push(root);
  const w = await writeBundle(sampleData(), period, '2026-11-01T01:00:00.000Z', localSigner(key.privateKeyPem), fsSink(root));
  return { root, dir: join(root, w.folder), folder: w.folder };
}

describe('verifyBundle', () => {
  it('verifies a bundle when nothing was changed since export', async () => {
    const { dir, folder } = await exported();
    expect(folder).toBe('2026-10-01_2026-11-01');
    const r = await verifyBundle(dir, localVerifier(key.publicKeyPem));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.manifest!.files.map((f) => f.path)).toEqual(['actions.jsonl', 'approvals.jsonl', 'findings.jsonl', 'report.html', 'review-decisions.jsonl']);
  });

  it('names the JSON lines file when one byte of it was edited', async () => {
    const { dir } = await exported();
    const file = join(dir, 'findings.jsonl');
    const bytes = await readFile(file);
    bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
    await writeFile(file, bytes);
    const r = await verifyBundle(dir, localVerifier(key.publicKeyPem));
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file)).toEqual(['findings.jsonl']);
    expect(r.problems[0]!.problem).toMatch(/^changed: SHA-256/);
  });

  it('names the manifest when it was swapped for another bundle\'s manifest', async () => {
    const { dir } = await exported();
    const other = await exported({ from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' });
    await cp(join(other.dir, 'manifest.json'), join(dir, 'manifest.json'));
    const r = await verifyBundle(dir, localVerifier(key.publicKeyPem));
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toEqual({ file: 'manifest.json', problem: expect.stringMatching(/signature .* does not match/) });
  });

  it('names the manifest when it was recomputed to match an edited file but not re-signed with the key', async () => {
    const { dir } = await exported();
    await writeFile(join(dir, 'actions.jsonl'), '');
    const forger = generateSigningKey();
    const forged = await writeBundle({ ...sampleData(), actions: [] }, PERIOD, '2026-11-01T01:00:00.000Z', localSigner(forger.privateKeyPem), fsSink(join(dir, '..')));
    const r = await verifyBundle(join(dir, '..', forged.folder), localVerifier(key.publicKeyPem));
    expect(r.problems).toEqual([{ file: 'manifest.json', problem: expect.stringMatching(/^signed by key sha256:[0-9a-f]{64}, not by the given key/) }]);
  });

  it('names a file added after signing and a file removed', async () => {
    const { dir } = await exported();
    await writeFile(join(dir, 'extra.jsonl'), '{}\n');
    await rm(join(dir, 'report.html'));
    const r = await verifyBundle(dir, localVerifier(key.publicKeyPem));
    expect(r.problems).toEqual([
      { file: 'report.html', problem: 'missing' },
      { file: 'extra.jsonl', problem: 'not in the manifest (added after signing)' },
    ]);
  });

  it('writes the same data files when the same records come in another order', async () => {
    const a = await exported();
    const root = await mkdtemp(join(tmpdir(), 'tally-evidence-'));
    made.push(root);
    const data = sampleData();
    data.findings.reverse();
    const w = await writeBundle(data, PERIOD, '2026-11-01T01:00:00.000Z', localSigner(key.privateKeyPem), fsSink(root));
    expect(await readFile(join(root, w.folder, 'findings.jsonl'), 'utf8')).toBe(await readFile(join(a.dir, 'findings.jsonl'), 'utf8'));
  });
});
