import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { registerApprovalsCommands, type ApprovalsCommandDeps } from '../../lib/cli/approvals-command';
import { approvalKey } from '../../lib/core/approval';
import { approval, freshStore, ROLE, USER } from '../approvals/store-fixtures';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const CSV = `ticketId,principal,kind,target,approvedBy,approvedAt,expiresAt,risk,status
CHG-1,${USER},managed-policy,arn:aws:iam::aws:policy/ReadOnlyAccess,alice@example.com,2026-09-01,2027-03-01,standard,approved
CHG-2,${ROLE},identity,,bob@example.com,2026-09-02,,privileged,approved
`;

describe('tally approvals', () => {
  let db: LocalDynamo;
  let dir: string;
  let jsonFile: string;
  let csvFile: string;
  beforeAll(async () => {
    db = await startDynalite();
    dir = await mkdtemp(join(tmpdir(), 'tally-approvals-'));
    jsonFile = join(dir, 'approvals.json');
    csvFile = join(dir, 'approvals.csv');
    await writeFile(jsonFile, JSON.stringify([approval(), approval({ ticketId: 'CHG-2000', expiresAt: '2027-01-31' })]));
    await writeFile(csvFile, CSV);
  });
  afterAll(async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs `tally <args>` in memory; returns the exit code and what was written. */
  async function tally(args: string[], extra: Partial<ApprovalsCommandDeps> = {}) {
    const out = { stdout: '', stderr: '', code: 0 };
    const deps: ApprovalsCommandDeps = {
      io: { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) },
      makeStore: (table) => new ApprovalStore(db.doc, table),
      setExit: (c) => (out.code = c),
      ...extra,
    };
    const program = new Command('tally').exitOverride().configureOutput({ writeOut: deps.io.stdout, writeErr: deps.io.stderr });
    registerApprovalsCommands(program, deps);
    await program.parseAsync(args, { from: 'user' });
    return out;
  }

  it('imports a JSON file and prints a one-line summary when the table is empty', async () => {
    const { tableName } = await freshStore(db);
    const out = await tally(['approvals', 'import', jsonFile, '--table', tableName]);
    expect(out).toEqual({ stdout: `${jsonFile} → ${tableName}: 2 record(s): 2 created, 0 updated, 0 unchanged, 0 failed\n`, stderr: '', code: 0 });
    expect((await tally(['approvals', 'import', jsonFile, '--table', tableName])).stdout).toContain('0 created, 0 updated, 2 unchanged, 0 failed');
  });

  it('imports a CSV file when given one', async () => {
    const store = await freshStore(db);
    const out = await tally(['approvals', 'import', csvFile, '--table', store.tableName]);
    expect(out.stdout).toContain('2 created');
    expect((await store.byPrincipal(ROLE)).approvals.map((a) => a.approval.ticketId)).toEqual(['CHG-2']);
  });

  it('writes nothing and says so when --dry-run is given', async () => {
    const store = await freshStore(db);
    const out = await tally(['approvals', 'import', jsonFile, '--table', store.tableName, '--dry-run']);
    expect(out.stdout).toContain('would create 2, would update 0, 0 unchanged, 0 failed (dry run: nothing written)');
    expect((await store.listAll()).approvals).toEqual([]);
  });

  it('exits 2 and prints each failure when records cannot be written', async () => {
    const out = await tally(['approvals', 'import', jsonFile, '--table', 'missing-table']);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('0 created, 0 updated, 0 unchanged, 2 failed');
    expect(out.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^tally: failed: approvals table missing-table: GetItem CHG-1042\|.*: table not found/),
      expect.stringMatching(/^tally: failed: approvals table missing-table: GetItem CHG-2000\|/),
    ]);
  });

  it('uses the default table when --table is not given', async () => {
    const { tableName } = await freshStore(db);
    expect((await tally(['approvals', 'import', jsonFile], { defaultTable: tableName })).stdout).toContain(`→ ${tableName}:`);
  });

  it('refuses to run when neither --table nor a default names the table', async () => {
    await expect(tally(['approvals', 'list'])).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('--table is required') });
  });

  it('lists approvals as a readable table with short principal names and verification', async () => {
    const store = await freshStore(db);
    const stored = await store.put(approval());
    await store.put(approval({ ticketId: 'CHG-2', principal: ROLE, entitlement: { kind: 'identity' }, expiresAt: undefined }));
    await store.writeEvidence(stored.approvalKey, 1, { verifiedAt: '2026-11-20T08:00:00Z', method: 'sweep', findingId: 'f-1', observed: null, outcome: 'RECONCILED' });
    const out = await tally(['approvals', 'list', '--table', store.tableName]);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')).toEqual([
      'ticketId  principal                kind            target                                          status    expiresAt   verifiedAt',
      'CHG-1042  user/svc-billing-export  managed-policy  arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess  approved  2027-03-01  2026-11-20 RECONCILED',
      'CHG-2     role/deploy              identity        -                                               approved  -           -',
      '',
    ]);
  });

  it('shows control characters in ticket ids and corrupt items as visible escapes when listing as a table', async () => {
    const store = await freshStore(db);
    await store.put(approval({ ticketId: 'CHG-7\u001b[2J\u202e' }));
    const bad = approval({ ticketId: 'CHG-8\u001b]0;x\u0007' });
    await db.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...bad, approvalKey: approvalKey(bad), version: 1, status: 'maybe' } }));
    const out = await tally(['approvals', 'list', '--table', store.tableName]);
    expect(out.stdout).toContain('CHG-7\\u001b[2J\\u202e  user/svc-billing-export');
    expect(out.stderr).toContain('CHG-8\\u001b]0;x\\u0007');
    expect(out.stdout + out.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('lists only the approvals naming a principal when --principal is given, as JSON when asked', async () => {
    const store = await freshStore(db);
    await store.importMany([approval(), approval({ ticketId: 'CHG-2', principal: ROLE, entitlement: { kind: 'identity' } })]);
    const out = await tally(['approvals', 'list', '--table', store.tableName, '--principal', ROLE, '--format', 'json']);
    const parsed = JSON.parse(out.stdout) as { approvals: { approval: { ticketId: string }; version: number }[]; invalid: unknown[] };
    expect(parsed.approvals.map((a) => [a.approval.ticketId, a.version])).toEqual([['CHG-2', 1]]);
    expect(parsed.invalid).toEqual([]);
  });

  it('says so when the table holds no approvals', async () => {
    const { tableName } = await freshStore(db);
    expect((await tally(['approvals', 'list', '--table', tableName])).stdout).toBe(`no approvals in ${tableName}\n`);
  });

  it('exits 2 and names the corrupt item while listing the others when one item is invalid', async () => {
    const store = await freshStore(db);
    await store.put(approval());
    const bad = approval({ ticketId: 'CHG-666' });
    await db.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...bad, approvalKey: approvalKey(bad), version: 1, status: 'maybe' } }));
    const out = await tally(['approvals', 'list', '--table', store.tableName]);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('CHG-1042');
    expect(out.stdout).not.toContain('CHG-666');
    expect(out.stderr).toContain(`tally: invalid item: approvals table ${store.tableName}: Scan ${approvalKey(bad)}: invalid approval: status:`);
  });

  it('exits 2 with one line when the table does not exist', async () => {
    const out = await tally(['approvals', 'list', '--table', 'missing-table']);
    expect(out).toMatchObject({ code: 2, stdout: '' });
    expect(out.stderr).toBe('tally: approvals table missing-table: Scan: table not found (check --table and the region)\n');
  });

  it('rejects an unknown --format through commander', async () => {
    await expect(tally(['approvals', 'list', '--table', 'x', '--format', 'yaml'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});
