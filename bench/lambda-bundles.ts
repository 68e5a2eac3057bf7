import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAMBDA_BUNDLE_TARGET_BYTES, lambdaBuildOptions, lambdaEntries } from '../lib/aws/lambda-bundling';

export interface BundleFigures {
  handler: string;
  bytes: number;
  /** Time for a fresh Node process to import the bundle (module init included), median of runs. */
  coldImportMs: number;
}

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', '.out');

/** The environment the construct sets; the handlers validate it when imported. */
const HANDLER_ENV = {
  AWS_REGION: 'us-east-1',
  TALLY_APPROVALS_TABLE: 'approvals',
  TALLY_LEDGER_TABLE: 'ledger',
  TALLY_AUDIT_TABLE: 'audit',
  TALLY_IDEMPOTENCY_TABLE: 'idempotency',
  TALLY_MEMBER_ROLE_NAME: 'tally-member-read',
  TALLY_MEMBER_EXTERNAL_ID: 'tally-organization-sweep',
  TALLY_EVENT_BUS: 'tally',
  TALLY_REVIEW_BUCKET: 'tally-reviews',
  TALLY_WEBHOOK_SECRET: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tally-webhook-AbCdEf',
  TALLY_WEBHOOK_MAPPING: readFileSync(join(ROOT, 'examples/intake/servicenow-mapping.json'), 'utf8'),
  TALLY_EVIDENCE_BUCKET: 'tally-evidence',
  TALLY_EVIDENCE_KEY_ID: 'alias/tally-evidence',
  POWERTOOLS_DEV: 'true',
};

const IMPORT_TIMER = `const t=performance.now();await import(process.argv[1]);console.log(performance.now()-t)`;

/** Whether a bundle is under issue 9's size target. */
export const meetsBundleTarget = (b: BundleFigures) => b.bytes < LAMBDA_BUNDLE_TARGET_BYTES;

/** A bundle's size against the target and its cold import time, for the bench's table. */
export function describeBundle(b: BundleFigures): string {
  return `${(b.bytes / 1e6).toFixed(3)} MB of ${(LAMBDA_BUNDLE_TARGET_BYTES / 1e6).toFixed(1)} MB (${meetsBundleTarget(b) ? 'under' : 'OVER'} by ${Math.abs(LAMBDA_BUNDLE_TARGET_BYTES - b.bytes)} B), cold import ${b.coldImportMs} ms`;
}

/** Bundles each handler under lambdas/ as the CDK construct does and measures its size and cold import time. */
export async function measureBundles(runs = 5): Promise<BundleFigures[]> {
  mkdirSync(OUT, { recursive: true });
  const figures: BundleFigures[] = [];
  for (const { name, entry } of lambdaEntries(ROOT)) {
    const outfile = join(OUT, `${name}.mjs`);
    await build(lambdaBuildOptions(join(ROOT, entry), outfile));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, outfile], {
        cwd: ROOT,
        env: { ...process.env, ...HANDLER_ENV },
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`importing ${name} failed: ${r.stderr}`);
      times.push(Number(r.stdout.trim().split('\n').pop()));
    }
    times.sort((a, b) => a - b);
    const figure = { handler: name, bytes: statSync(outfile).size, coldImportMs: Math.round(times[Math.floor(times.length / 2)]!) };
    process.stderr.write(`bench: bundle ${name}: ${describeBundle(figure)}\n`);
    figures.push(figure);
  }
  return figures;
}
