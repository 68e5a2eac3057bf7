import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_NOT_VERIFIED } from '../../lib/cli/evidence-command';
import { main } from '../../lib/cli/program';

const DEMO = resolve(__dirname, '../../examples/demo-account');
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tally(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date('2026-11-21T08:00:00Z') };
  const code = await main(args, io, { noColor: true });
  return { code, ...out };
}

async function exportDemo(root: string, extra: string[] = [], period = ['--from', '2026-10-01', '--to', '2026-11-21']) {
  return tally(['evidence', 'export', '--snapshot', DEMO, ...period, '--now', '2026-11-20T00:00:00Z', '--key', join(root, 'key.pem'), '--out', join(root, 'out'), ...extra]);
}

async function tmp() {
  const d = await mkdtemp(join(tmpdir(), 'tally-evidence-cli-'));
  made.push(d);
  return d;
}

describe('tally evidence', () => {
  it('exports the demo account, verifies it, then exits 5 naming the file when one byte of a JSON lines file changes', async () => {
    const root = await tmp();
    const ex = await exportDemo(root);
    expect(ex.stderr).toContain(`no signing key at ${join(root, 'key.pem')}: generated one`);
    expect(ex.code).toBe(0);
    const dir = join(root, 'out', '2026-10-01_2026-11-21');
    expect(ex.stdout).toBe(`${dir}\n`);
    expect(((await stat(join(root, 'key.pem'))).mode & 0o777).toString(8)).toBe('600');
    const findings = (await readFile(join(dir, 'findings.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.source === 'sweep' && f.firstSeen === '2026-11-20T00:00:00.000Z')).toBe(true);

    const ok = await tally(['evidence', 'verify', dir, '--public-key', join(root, 'key.pub.pem')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^verified .* 4 file\(s\) as signed by sha256:/);

    const file = join(dir, 'approvals.jsonl');
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 2) ^ 1, bytes.length - 2);
    await writeFile(file, bytes);
    const bad = await tally(['evidence', 'verify', dir, '--public-key', join(root, 'key.pub.pem')]);
    expect(bad.code).toBe(EXIT_NOT_VERIFIED);
    expect(bad.stderr).toMatch(new RegExp(`^tally: ${join(dir, 'approvals.jsonl')}: changed: SHA-256`));
  });

  it('exits 5 naming manifest.json when the manifest was swapped for another period\'s', async () => {
    const root = await tmp();
    expect((await exportDemo(root)).code).toBe(0);
    expect((await exportDemo(root, [], ['--from', '2026-11-01', '--to', '2026-11-21'])).code).toBe(0);
    const dir = join(root, 'out', '2026-10-01_2026-11-21');
    await writeFile(join(dir, 'manifest.json'), await readFile(join(root, 'out', '2026-11-01_2026-11-21', 'manifest.json')));
    const bad = await tally(['evidence', 'verify', dir, '--public-key', join(root, 'key.pub.pem')]);
    expect(bad.code).toBe(EXIT_NOT_VERIFIED);
    expect(bad.stderr).toContain(`${join(dir, 'manifest.json')}: the signature in manifest.sig does not match`);
  });

  it('adds review decisions and earlier bundles when --reviews and --history are given', async () => {
    const root = await tmp();
    await mkdir(join(root, 'reviews'));
    await writeFile(join(root, 'reviews', 'decisions.jsonl'), '{"campaignId":"q4","approvalKey":"a","decision":"keep"}\n{"campaignId":"q4","approvalKey":"b","decision":"pending"}\n');
    const history = join(root, 'history', '2026-09-01_2026-10-01');
    await mkdir(history, { recursive: true });
    const old = { findingId: 'gone-since', accountId: '123456789012', type: 'UNUSED_ROLE', severity: 'LOW', title: 'Unused role', resourceId: 'arn:aws:iam::123456789012:role/old', state: 'open', firstSeen: '2026-09-10T00:00:00.000Z', lastSeen: '2026-09-30T00:00:00.000Z', source: 'sweep' };
    await writeFile(join(history, 'findings.jsonl'), `${JSON.stringify(old)}\n`);
    const ex = await exportDemo(root, ['--reviews', join(root, 'reviews'), '--history', join(root, 'history')]);
    expect(ex.code).toBe(0);
    const dir = join(root, 'out', '2026-10-01_2026-11-21');
    const reviews = (await readFile(join(dir, 'review-decisions.jsonl'), 'utf8')).trim().split('\n');
    expect(reviews).toHaveLength(2);
    const closed = (await readFile(join(dir, 'findings.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((f) => f.findingId === 'gone-since');
    expect(closed).toMatchObject({ state: 'closed', closedAt: '2026-11-20T00:00:00.000Z', firstSeen: '2026-09-10T00:00:00.000Z', source: 'history' });
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('1 of 2 decided');
  });

  it('exits 2 when a review decision line is not JSON, naming the file and line', async () => {
    const root = await tmp();
    await mkdir(join(root, 'reviews'));
    await writeFile(join(root, 'reviews', 'd.jsonl'), '{"decision":"keep"}\nnot json\n');
    const ex = await exportDemo(root, ['--reviews', join(root, 'reviews')]);
    expect(ex.stderr).toContain(`${join(root, 'reviews', 'd.jsonl')}:2: not JSON`);
    expect(ex.code).toBe(2);
  });

  it('refuses to overwrite a key when keygen finds one', async () => {
    const root = await tmp();
    expect((await tally(['evidence', 'keygen', '--key', join(root, 'k.pem')])).code).toBe(0);
    expect(await readFile(join(root, 'k.pub.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await tally(['evidence', 'keygen', '--key', join(root, 'k.pem')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists: keygen never replaces a key');
  });
});
