import { build, type Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE_TARGET_BYTES, lambdaBuildOptions, lambdaEntries } from '../../lib/aws/lambda-bundling';
import { LAMBDA_ENV } from '../../lib/config/lambda-config';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';

/** What the construct sets and the handler validates when imported (lib/config/lambda-config.ts). */
const ENV = {
  AWS_REGION: 'us-east-1',
  [LAMBDA_ENV.approvalsTable]: 'approvals',
  [LAMBDA_ENV.ledgerTable]: 'ledger',
  [LAMBDA_ENV.auditTable]: 'audit',
  [LAMBDA_ENV.idempotencyTable]: 'idempotency',
  POWERTOOLS_DEV: 'true',
  // Node 20 runs the tests (vitest.config.ts): the SDK's warning about it would be the only stderr.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const IMPORT = 'const m = await import(process.argv[1]); console.log(typeof m.handler);';

interface HandlerBundle {
  outfile: string;
  metafile: Metafile;
}

/**
 * Every handler built once as deployed, each beside a node_modules (the SDK is external, provided by
 * the runtime: the bundle resolves it from there). The builds run at once in esbuild's service; each
 * test awaits its own, so a failed build fails the tests of that handler only.
 */
const bundles = new Map<string, Promise<HandlerBundle>>();
const bundleOf = (name: string): Promise<HandlerBundle> => bundles.get(name) ?? Promise.reject(new Error(`no handler ${name}`));
beforeAll(() => {
  for (const { name, entry } of lambdaEntries(PROJECT_ROOT)) {
    const bundle = (async () => {
      const dir = mkdtempSync(join(tmpdir(), `tally-handler-${name}-`));
      symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const outfile = join(dir, 'index.mjs');
      const { metafile } = await build({ ...lambdaBuildOptions(join(PROJECT_ROOT, entry), outfile), metafile: true });
      return { outfile, metafile };
    })();
    bundle.catch(() => undefined);
    bundles.set(name, bundle);
  }
});

describe('lambdaBuildOptions', () => {
  let outfile: string;

  beforeAll(async () => {
    ({ outfile } = await bundleOf('cloudtrail-event'));
  });

  const load = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT, outfile], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });

  it('bundles a cloudtrail-event handler that a fresh Node process imports when its environment is set', () => {
    const r = load(ENV);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('function');
  });

  it('keeps the bundled handler’s validation of its environment when a variable is malformed', () => {
    const r = load({ ...ENV, [LAMBDA_ENV.mode]: 'loud' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('[ConfigError]: TALLY_MODE: Invalid option: expected one of "report"|"enforce"');
  });

  it('writes legal comments beside the handler bundle rather than into it when a bundled module has one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-legal-'));
    writeFileSync(join(dir, 'entry.ts'), "/*! @license Example-1.0 */\nexport const handler = async () => 'ok';\n");
    await build(lambdaBuildOptions(join(dir, 'entry.ts'), join(dir, 'index.mjs')));
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).not.toContain('Example-1.0');
    expect(readFileSync(join(dir, 'index.mjs.LEGAL.txt'), 'utf8')).toContain('@license Example-1.0');
  });
});

describe('lambdaEntries', () => {
  it('lists every handler under lambdas/ when the bench and the package build ask', () => {
    const handlers = readdirSync(join(PROJECT_ROOT, 'lambdas')).filter((f) => f.endsWith('.ts'));
    expect(lambdaEntries(PROJECT_ROOT).map((e) => e.entry)).toEqual(handlers.sort().map((f) => `lambdas/${f}`));
    expect(lambdaEntries(PROJECT_ROOT).map((e) => e.name)).toEqual(expect.arrayContaining(['approval-intake', 'approval-webhook', 'evidence-export', 'sweep']));
  });

  it('includes a newly added handler and no other file when lambdas/ holds one', () => {
    const root = mkdtempSync(join(tmpdir(), 'tally-entries-'));
    mkdirSync(join(root, 'lambdas'));
    for (const f of ['sweep.ts', 'review-campaign.ts', 'README.md', 'types.d.ts']) writeFileSync(join(root, 'lambdas', f), '');
    expect(lambdaEntries(root)).toEqual([
      { name: 'review-campaign', entry: 'lambdas/review-campaign.ts' },
      { name: 'sweep', entry: 'lambdas/sweep.ts' },
    ]);
  });
});

describe('handler bundles', () => {
  it('bundles the creator write but not the rest of the account memory into cloudtrail-event when built as deployed', async () => {
    const inputs = Object.keys((await bundleOf('cloudtrail-event')).metafile.inputs);
    expect(inputs.filter((p) => p.endsWith('lib/actions/account-memory.ts'))).toEqual([]);
    expect(inputs.filter((p) => p.endsWith('lib/actions/creator-writer.ts')).length).toBe(1);
  });

  it.each(lambdaEntries(PROJECT_ROOT).map((e) => [e.name]))('bundles %s under the 0.4 MB target when built as deployed', async (name) => {
    const { outfile, metafile } = await bundleOf(name);
    expect(statSync(outfile).size).toBeLessThan(LAMBDA_BUNDLE_TARGET_BYTES);
    // The credential report is read with d3-dsv (lib/aws-shapes/csv-records.ts); only the CLI's files need csv-parse.
    expect(Object.keys(metafile.inputs).filter((p) => p.includes('csv-parse'))).toEqual([]);
    // The runtime SDK check (lib/lambda-support/runtime-sdk.ts) compares against the versions the tests ran.
    const iam = (createRequire(import.meta.url)('@aws-sdk/client-iam/package.json') as { version: string }).version;
    const code = readFileSync(outfile, 'utf8');
    expect(code).toContain(`"@aws-sdk/client-iam":"${iam}"`);
    // The X-Ray whitelist holds S3's entries only where the handler has an S3 client.
    expect(code.includes('abortMultipartUpload')).toBe(['evidence-export', 'review-campaign'].includes(name));
  });
});
