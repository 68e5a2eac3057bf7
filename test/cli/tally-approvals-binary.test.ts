import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'dist/tally.mjs');

/** Spawns the binary asynchronously: dynalite runs in this process and must keep answering. */
function tally(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('tally approvals (built binary, against a DynamoDB endpoint from AWS_ENDPOINT_URL)', () => {
  let db: LocalDynamo;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('tally-approvals', APPROVAL_TABLE));
    env = { AWS_ENDPOINT_URL: db.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', TALLY_APPROVALS_TABLE: 'tally-approvals' };
  });
  afterAll(() => db.stop());

  it('imports the demo approvals once, changes nothing the second time, and lists them', async () => {
    const first = await tally(env, 'approvals', 'import', 'examples/demo-account/approvals.json');
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/104 created/);
    const second = await tally(env, 'approvals', 'import', 'examples/demo-account/approvals.json');
    expect(second.stdout).toMatch(/104 unchanged/);
    const listed = await tally(env, 'approvals', 'list', '--format', 'json');
    expect(JSON.parse(listed.stdout).approvals).toHaveLength(104);
  });

  it('exits 2 naming the variable when AWS_ENDPOINT_URL is not a URL', async () => {
    const r = await tally({ ...env, AWS_ENDPOINT_URL: 'not a url' }, 'approvals', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AWS_ENDPOINT_URL');
  });
});
