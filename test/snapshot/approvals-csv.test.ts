import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';
import type { Approval } from '../../lib/core/approval';
import type { ReconcileResult } from '../../lib/core/result';
import { approvalsToCsv } from '../../lib/snapshot/approvals-csv';
import { parseApprovals } from '../../lib/snapshot/approvals-file';

const DEMO = resolve(__dirname, '../../examples/demo-account');
const NOW = '2026-11-20T00:00:00Z';
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function demoApprovals(): Promise<Approval[]> {
  return parseApprovals(await readFile(join(DEMO, 'approvals.json'), 'utf8'), 'approvals.json');
}

async function sweep(dir: string): Promise<ReconcileResult> {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: () => undefined, clock: () => new Date(NOW) };
  await main(['sweep', '--snapshot', dir, '--format', 'json', '--now', NOW], io, { noColor: true });
  return JSON.parse(stdout) as ReconcileResult;
}

describe('approvalsToCsv', () => {
  it('reads back the same records as the JSON form when the demo approvals are written as CSV', async () => {
    const json = await demoApprovals();
    expect(json.some((a) => a.entitlement.kind === 'inline-policy' && a.entitlement.documentSha256)).toBe(true);
    expect(parseApprovals(approvalsToCsv(json), 'approvals.csv')).toEqual(json);
  });

  it('expresses every field the JSON form can when written as CSV', () => {
    const full: Approval = {
      ticketId: 'CHG-7', principal: 'arn:aws:iam::123456789012:user/svc', entitlement: { kind: 'inline-policy', policyName: 'p', documentSha256: 'a'.repeat(64) },
      approvedBy: 'a@example.com', owner: 'team-payments', ticketUrl: 'https://jira.example.com/browse/CHG-7', approvedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z', risk: 'privileged', status: 'draft', provisionedAt: '2026-01-02T00:00:00.000Z', verifiedAt: '2026-01-03T00:00:00.000Z',
      recertifiedAt: '2026-06-01T00:00:00.000Z', provisioningGraceHours: 1.5, exempt: true, exemptReason: 'batch job, INC-9', draftOf: 'tally/123456789012/unapproved_entitlement/ab',
    };
    const secret: Approval = { ticketId: 'S-1', principal: 'prod/db', entitlement: { kind: 'secret', rotationDays: 30 }, approvedBy: 'b', approvedAt: '2026-01-01T00:00:00.000Z', risk: 'standard', status: 'approved' };
    const trust: Approval = { ...secret, principal: 'arn:aws:iam::123456789012:role/r', entitlement: { kind: 'role-trust', principals: ['arn:aws:iam::111122223333:root', 'ec2.amazonaws.com'] } };
    expect(parseApprovals(approvalsToCsv([full, secret, trust]), 'a.csv')).toEqual([full, secret, trust]);
  });

  it('produces the same findings from the CSV form as from the JSON form of the demo approvals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-csv-'));
    made.push(dir);
    await cp(DEMO, dir, { recursive: true });
    const fromJson = await sweep(dir);
    await rm(join(dir, 'approvals.json'));
    await writeFile(join(dir, 'approvals.csv'), approvalsToCsv(await demoApprovals()));
    const fromCsv = await sweep(dir);
    expect(fromCsv.findings.some((f) => f.type === 'DRIFTED_ENTITLEMENT' && f.observed?.kind === 'inline-policy')).toBe(true);
    expect(fromCsv.findings).toEqual(fromJson.findings);
    expect(fromCsv.outcomes).toEqual(fromJson.outcomes);
  });
});
