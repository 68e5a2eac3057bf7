import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { Approval } from '../../lib/core/approval';
import { approvalKey } from '../../lib/core/approval';

const NOW = '2026-11-20T00:00:00Z';

async function tally(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date(NOW) };
  const code = await main(argv, io, { noColor: true });
  return { code, ...out };
}

describe('tally review on the demo account', () => {
  it('starts a campaign, takes a returned packet and writes the approvals with decisions applied when run offline', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'tally-review-')), 'campaign');
    const started = await tally('review', 'start', '--snapshot', 'examples/demo-account', '--now', NOW, '--out', dir);
    expect(started.code).toBe(0);
    const packets = (await readdir(join(dir, 'packets'))).sort();
    expect(packets.filter((p) => p.endsWith('.html')).length).toBe(packets.filter((p) => p.endsWith('.csv')).length);
    const html = await readFile(join(dir, 'packets', packets.find((p) => p.endsWith('.html'))!), 'utf8');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|src=|<link/i);

    const csvName = packets.find((p) => p.endsWith('.csv'))!;
    const rows = parse(await readFile(join(dir, 'packets', csvName), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    rows[0]!.decision = 'keep';
    rows[1]!.decision = 'revoke';
    const returned = join(dir, 'returned.csv');
    await writeFile(returned, stringify(rows, { header: true }));

    const decided = await tally('review', 'decide', returned, '--campaign', dir, '--now', '2026-11-25T00:00:00Z');
    expect(decided.code).toBe(0);
    const approvals = JSON.parse(await readFile(join(dir, 'approvals.json'), 'utf8')) as Approval[];
    const byKey = new Map(approvals.map((a) => [approvalKey(a), a]));
    expect(byKey.get(rows[0]!.approval_key!)).toMatchObject({ status: 'approved', recertifiedAt: '2026-11-25T00:00:00.000Z' });
    expect(byKey.get(rows[1]!.approval_key!)?.status).toBe('revoked');

    const status = await tally('review', 'status', dir, '--now', '2026-11-25T00:00:00Z');
    expect(status.stdout).toMatch(/kept 1 · revoked 1 · undecided \d+/);

    const late = await tally('review', 'decide', returned, '--campaign', dir, '--now', '2026-12-10T00:00:00Z');
    expect(late.code).toBe(0);
    const escalations = JSON.parse(await readFile(join(dir, 'escalations.json'), 'utf8')) as { detailType: string }[];
    expect(escalations.length).toBeGreaterThan(0);
    expect(new Set(escalations.map((e) => e.detailType))).toEqual(new Set(['Tally Review Escalated']));
  });

  it('refuses a returned packet with a decision other than keep or revoke and exits 2', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'tally-review-')), 'campaign');
    await tally('review', 'start', '--snapshot', 'examples/demo-account', '--now', NOW, '--out', dir);
    const csvName = (await readdir(join(dir, 'packets'))).find((p) => p.endsWith('.csv'))!;
    const rows = parse(await readFile(join(dir, 'packets', csvName), 'utf8'), { columns: true }) as Record<string, string>[];
    rows[0]!.decision = 'maybe';
    const returned = join(dir, 'returned.csv');
    await writeFile(returned, stringify(rows, { header: true }));
    const r = await tally('review', 'decide', returned, '--campaign', dir, '--now', NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('returned.csv:2: decision "maybe"');
  });
});
