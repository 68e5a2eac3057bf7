import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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

/** The environment of a shell with no AWS settings at all: no credentials anywhere, no metadata service. */
function noAws(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return { ...env, NO_COLOR: '1', NODE_NO_WARNINGS: '1', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
}

/** Runs the binary without blocking this process (a fake AWS endpoint in it has to answer). */
function tallyAsync(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env }, (error, stdout, stderr) =>
      resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const DENIED = 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *';

/** IAM (query protocol, XML) and Secrets Manager (JSON 1.1) as an endpoint answers them; `deny` lists the IAM actions denied. */
function fakeAws(deny: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target === 'secretsmanager.ListSecrets') {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"SecretList":[]}');
        return;
      }
      const action = new URLSearchParams(body).get('Action') ?? '';
      if (deny.includes(action) || action !== 'GetAccountAuthorizationDetails') {
        const message = action === 'GetAccountAuthorizationDetails' ? DENIED : `not authorized to perform: iam:${action}`;
        res.writeHead(403, { 'content-type': 'text/xml' }).end(`<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<GetAccountAuthorizationDetailsResponse xmlns="${IAM_NS}"><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList><member><Path>/service/</Path><UserName>svc-clean</UserName><UserId>AIDAEXAMPLE000000001</UserId><Arn>arn:aws:iam::123456789012:user/service/svc-clean</Arn><CreateDate>2026-01-04T09:00:00Z</CreateDate><UserPolicyList/><GroupList/><AttachedManagedPolicies/><Tags/></member></UserDetailList><GroupDetailList/><RoleDetailList/><Policies/></GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`,
      );
    });
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

describe('tally (built binary)', () => {
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

  it('reads --now without a zone as UTC, the rule of every date Tally reads, when the local zone is not UTC', () => {
    const clean = mkdtempSync(join(tmpdir(), 'tally-tz-'));
    cpSync(join(ROOT, 'test/fixtures/cli/clean-account'), clean, { recursive: true });
    const inNewYork = (now: string) =>
      spawnSync(process.execPath, [BIN, 'sweep', '--snapshot', clean, '--now', now, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'America/New_York' } });
    // Every zone-less form is read in-process in test/aws-shapes/aws-date.test.ts; the binary gets one.
    const r = inNewYork('2026-11-20 00:00:00');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as ReconcileResult).evaluatedAt).toBe('2026-11-20T00:00:00.000Z');
    const impossible = inNewYork('2026-02-30T00:00:00Z');
    expect([impossible.status, impossible.stderr]).toEqual([2, expect.stringContaining('--now: not an ISO 8601 instant ("2026-02-30T00:00:00Z")')]);
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

  it('exits 3 with one line and no stack trace when there are no AWS credentials', async () => {
    const r = await tallyAsync(noAws(), 'sweep', '--live', '--approvals', join(ROOT, 'test/fixtures/cli/clean-account/approvals.csv'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^tally: cannot read IAM: GetAccountAuthorizationDetails page 1: CredentialsProviderError: .*\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 naming the call and the cause when IAM denies it, and names calls iam:Operation when it does not', async () => {
    for (const [deny, expected] of [
      [['GetAccountAuthorizationDetails'], `tally: cannot read IAM: GetAccountAuthorizationDetails page 1: AccessDenied: ${DENIED}\n`],
      [[], /AWS calls: 3 \(iam:GetAccountAuthorizationDetails 1, iam:GetCredentialReport 1, secretsmanager:ListSecrets 1\)/],
    ] as const) {
      const server = await fakeAws([...deny]);
      try {
        const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const env = { ...noAws(), AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_MAX_ATTEMPTS: '1' };
        const r = await tallyAsync(env, 'sweep', '--live', '--approvals', join(ROOT, 'test/fixtures/cli/clean-account/approvals.csv'), '--format', 'json');
        expect(r.code).toBe(3);
        if (typeof expected === 'string') expect(r.stderr).toBe(expected);
        else expect(r.stderr).toMatch(expected);
        expect(r.stderr).not.toMatch(/Command\d*\b/);
      } finally {
        server.close();
      }
    }
  });

  it('exits 2 naming the field of a bad policy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-policy-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ standard: { accessKeyMaxAgeDays: 0 } }));
    const r = tally('sweep', '--snapshot', DEMO, '--policy', join(dir, 'policy.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard.accessKeyMaxAgeDays');
  });
});
