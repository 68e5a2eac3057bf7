import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { Approval } from '../../lib/core/approval';
import type { ReconcileResult } from '../../lib/core/result';
import { parseApprovals } from '../../lib/snapshot/approvals-file';

const NOW = '2026-11-20T00:00:00Z';
const DEMO = resolve(__dirname, '../../examples/demo-account');
const SDK_PAGES = resolve(__dirname, '../fixtures/snapshot/sdk-pages');
const CLI_EXPORT = resolve(__dirname, '../fixtures/snapshot/cli-export');
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tally(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), clock: () => new Date(NOW) };
  const code = await main(argv, io, { noColor: true });
  return { code, ...out };
}

async function sweep(dir: string, approvals?: string): Promise<ReconcileResult> {
  const r = await tally('sweep', '--snapshot', dir, '--format', 'json', '--now', NOW, ...(approvals ? ['--approvals', approvals] : []));
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReconcileResult;
}

async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-drafts-'));
  made.push(dir);
  return dir;
}

const MISMATCH = ['UNAPPROVED_ENTITLEMENT', 'DRIFTED_ENTITLEMENT', 'APPROVED_NOT_PROVISIONED', 'EXPIRED_APPROVAL_ACTIVE'];

describe('tally approvals draft --snapshot', () => {
  it.each([
    ['examples/demo-account', DEMO],
    ['the sdk-pages snapshot', SDK_PAGES],
    ['the cli-export snapshot', CLI_EXPORT],
  ])('leaves no UNAPPROVED_ENTITLEMENT behind when the drafts of %s are approved and swept again', async (_, dir) => {
    const work = await workDir();
    const before = await sweep(dir);
    const shadow = before.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT' && f.observed);
    expect(shadow.length).toBeGreaterThan(0);

    const draftsFile = join(work, 'drafts.json');
    const drafted = await tally('approvals', 'draft', '--snapshot', dir, '--now', NOW, '--out', draftsFile);
    expect(drafted.code, drafted.stderr).toBe(0);
    expect(drafted.stdout).toBe('');
    const drafts = parseApprovals(await readFile(draftsFile, 'utf8'), draftsFile);
    expect(drafts.map((d) => d.draftOf).sort()).toEqual(shadow.map((f) => f.id).sort());
    expect(drafted.stderr).toContain(`drafted ${drafts.length} approval(s)`);

    const approved: Approval[] = drafts.map((d) => ({ ...d, status: 'approved', approvedBy: 'security-lead@example.com' }));
    const approvedFile = join(work, 'approved.json');
    await writeFile(approvedFile, JSON.stringify(approved));
    const after = await sweep(dir, approvedFile);

    // Mismatches the snapshot's own approvals had stay; approving the drafts adds none.
    const mismatches = (r: ReconcileResult) => r.findings.filter((f) => MISMATCH.includes(f.type)).map((f) => f.id);
    const earlier = new Set(mismatches(before));
    expect(mismatches(after).filter((id) => !earlier.has(id))).toEqual([]);
    expect(after.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT' && f.observed)).toEqual([]);
    const outcomes = after.outcomes.filter((o) => o.ticketId.startsWith('DRAFT-'));
    expect(outcomes).toHaveLength(drafts.length);
    expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(['RECONCILED']));
  });

  it('writes the same drafts to standard output on every run when the snapshot is unchanged', async () => {
    const first = await tally('approvals', 'draft', '--snapshot', DEMO, '--now', NOW);
    const second = await tally('approvals', 'draft', '--snapshot', DEMO, '--now', NOW);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const drafts = JSON.parse(first.stdout) as Approval[];
    expect(drafts.every((d) => d.status === 'draft' && d.approvedBy === 'tally (draft)' && /^DRAFT-[0-9A-F]{12}$/.test(d.ticketId))).toBe(true);
    expect(first.stderr).toMatch(/drafted 4 approval\(s\) from 5 UNAPPROVED_ENTITLEMENT finding\(s\), 1 not approvable/);
  });

  it('counts nothing as approved when the drafts are given to a sweep still in draft', async () => {
    const work = await workDir();
    const draftsFile = join(work, 'drafts.json');
    await tally('approvals', 'draft', '--snapshot', DEMO, '--now', NOW, '--out', draftsFile);
    const before = await sweep(DEMO);
    const after = await sweep(DEMO, draftsFile);
    const shadow = (r: ReconcileResult) => r.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT').map((f) => f.id);
    expect(shadow(after)).toEqual(shadow(before));
  });

  it('suggests the owner from the tag key the policy names when the policy sets ownerTag', async () => {
    const work = await workDir();
    const policy = join(work, 'policy.json');
    await writeFile(policy, JSON.stringify({ ownerTag: 'EMAIL' }));
    const r = await tally('approvals', 'draft', '--snapshot', DEMO, '--now', NOW, '--policy', policy);
    const drafts = JSON.parse(r.stdout) as Approval[];
    expect(drafts.find((d) => d.principal.endsWith('user/staff/hiro.tanaka'))?.owner).toBe('hiro.tanaka@northwind.example');
  });

  it('exits 2 naming the flag when a live-only flag is given with --snapshot', async () => {
    const r = await tally('approvals', 'draft', '--snapshot', DEMO, '--event-bus', 'tally');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--event-bus/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 when neither a snapshot nor a table is given', async () => {
    const r = await tally('approvals', 'draft');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--snapshot DIR, or --table NAME/);
  });
});
