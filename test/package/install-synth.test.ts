import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK_DEFAULT_ACCOUNT: undefined, CDK_DEFAULT_REGION: undefined } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Bare packages the constructs' module imports (`from "zod"`, `from "aws-cdk-lib/aws-iam"` → aws-cdk-lib). */
function importedPackages(js: string): string[] {
  const specs = [...js.matchAll(/^import\b[^;]*?["']([^"'./][^"']*)["'];?$/gm)].map((m) => m[1]!).filter((s) => !s.startsWith('node:'));
  return [...new Set(specs.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2) : s.split('/').slice(0, 1)).join('/')))].sort();
}

const APP = `import { App } from 'aws-cdk-lib';
import { TallyStack, AccessReconciler, TallyTables } from 'tally';
import { Stack } from 'aws-cdk-lib';
const app = new App({ outdir: process.argv[2] });
new TallyStack(app, 'Tally', { env: { account: '111111111111', region: 'eu-west-1' }, reconciler: { secretRegions: ['eu-west-1', 'us-east-1'] } });
const own = new Stack(app, 'Own', { env: { account: '111111111111', region: 'us-east-1' } });
new AccessReconciler(own, 'Reconciler', { tables: new TallyTables(own, 'Tables') });
app.synth();
`;

const TYPED_APP = `import { App, Stack } from 'aws-cdk-lib';
import { AccessReconciler, TallyTables, type AccessReconcilerProps } from 'tally';
const app = new App();
const stack = new Stack(app, 'Typed');
const props: AccessReconcilerProps = { tables: new TallyTables(stack, 'Tables'), mode: 'report', secretRegions: ['us-east-1'] };
const reconciler: AccessReconciler = new AccessReconciler(stack, 'Reconciler', props);
reconciler.sweep.function.functionName.toUpperCase();
// @ts-expect-error: mode is 'report' | 'enforce'
new AccessReconciler(stack, 'Wrong', { ...props, mode: 'sometimes' });
`;

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

describe('the packed package', () => {
  let work: string;
  let app: string;
  let files: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tally-package-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path);
    // A CDK app of its own, offline: the tarball unpacked as npm installs it, and its dependencies
    // that synthesis imports (checked below) linked from this checkout; no esbuild, tsx or lock file.
    app = join(work, 'app');
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    run('tar', ['-xzf', join(work, packed[0]!.filename), '-C', work], work);
    renameSync(join(work, 'package'), join(app, 'node_modules', 'tally'));
    for (const dep of ['aws-cdk-lib', 'constructs', 'zod', '@types/node']) symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'platform-app', private: true, type: 'module', dependencies: { tally: 'file:tally-0.1.0.tgz' } }));
  });

  it('ships compiled constructs, declarations and handler bundles but no sources when packed', () => {
    expect(files).toContain('dist/lib/index.js');
    expect(files).toContain('dist/types/lib/constructs/index.d.ts');
    for (const handler of readdirSync(join(ROOT, 'lambdas')).map((f) => f.replace(/\.ts$/, ''))) expect(files).toContain(`dist/lambda/${handler}/index.mjs`);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('imports only declared dependencies when the constructs module loads', () => {
    const imported = importedPackages(readFileSync(join(app, 'node_modules/tally/dist/lib/index.js'), 'utf8'));
    expect(imported).toEqual(['aws-cdk-lib', 'constructs', 'zod']);
    for (const p of imported) expect(manifest.dependencies[p]).toBeDefined();
  });

  it('synthesizes TallyStack and AccessReconciler with the prebuilt handler code when an app installs the tarball', () => {
    const out = join(app, 'cdk.out');
    writeFileSync(join(app, 'app.mjs'), APP);
    run(process.execPath, ['app.mjs', out], app);
    for (const stack of ['Tally', 'Own']) {
      const template = JSON.parse(readFileSync(join(out, `${stack}.template.json`), 'utf8')) as Template;
      const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThanOrEqual(3);
      for (const fn of functions) {
        expect(fn.Properties.Handler).toBe('index.handler');
        const key = (fn.Properties.Code as { S3Key: string }).S3Key;
        const asset = join(out, `asset.${key.replace(/\.zip$/, '')}`);
        expect(existsSync(join(asset, 'index.mjs'))).toBe(true);
      }
    }
    const tally = JSON.parse(readFileSync(join(out, 'Tally.template.json'), 'utf8')) as Template;
    const env = Object.values(tally.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => (r.Properties.Environment as { Variables: Record<string, string> }).Variables);
    expect(env.some((v) => v.TALLY_SECRET_REGIONS === 'eu-west-1,us-east-1')).toBe(true);
  });

  it('type-checks an app written against the declarations when it resolves them as nodenext', () => {
    writeFileSync(join(app, 'app.ts'), TYPED_APP);
    const tsconfig = { compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['app.ts'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  });
});
