// `npm pack` (prepack): what an installed package needs to synthesize Tally in another CDK app,
// without this repository, esbuild or tsx: the constructs as one ES module (its dependencies
// stay packages), their type declarations, and every handler bundled as it deploys.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions, lambdaEntries } from '../lib/aws/lambda-bundling';
import { PREBUILT_HANDLERS_DIR } from '../lib/constructs/lambda-code';

const ROOT = resolve(import.meta.dirname, '..');
const dist = (...p: string[]) => join(ROOT, 'dist', ...p);

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith(suffix) && statSync(f).isFile());
}

/**
 * The sources import without extensions (bundler resolution); an ES module package's declarations
 * need them, or a consumer on `node16`/`nodenext` resolution gets untyped imports.
 */
function addDeclarationExtensions(dir: string): void {
  for (const file of filesUnder(dir, '.d.ts')) {
    const text = readFileSync(file, 'utf8').replace(/((?:from|import)\s*\(?\s*')(\.{1,2}\/[^']*)(')/g, (whole, before: string, spec: string, after: string) => {
      const target = resolve(dirname(file), spec);
      if (existsSync(`${target}.d.ts`)) return `${before}${spec}.js${after}`;
      if (existsSync(join(target, 'index.d.ts'))) return `${before}${spec}/index.js${after}`;
      return whole;
    });
    writeFileSync(file, text);
  }
}

for (const d of ['lib', 'types', basename(PREBUILT_HANDLERS_DIR)]) rmSync(dist(d), { recursive: true, force: true });

await build({
  entryPoints: [join(ROOT, 'lib/constructs/index.ts')],
  outfile: dist('lib', 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Dependencies (aws-cdk-lib, constructs, zod) are the installing app's: one aws-cdk-lib in its tree.
  packages: 'external',
  logLevel: 'warning',
});

const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
if (tsc.status !== 0) throw new Error(`declarations failed:\n${tsc.stdout}${tsc.stderr}`);
addDeclarationExtensions(dist('types'));

for (const { name, entry } of lambdaEntries(ROOT)) {
  const out = join(ROOT, PREBUILT_HANDLERS_DIR, name);
  mkdirSync(out, { recursive: true });
  await build(lambdaBuildOptions(join(ROOT, entry), join(out, 'index.mjs')));
}
process.stderr.write(`build-package: dist/lib, dist/types and ${readdirSync(join(ROOT, PREBUILT_HANDLERS_DIR)).length} handler bundles\n`);
