import { build, type Metafile, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaBuildOptions } from '../../lib/aws/lambda-bundling';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';

export interface SnippetBundle {
  /** Paths of the modules with code in the bundle, relative to the project root (symlinks resolved). */
  inputs: string[];
  /** The bundle's code. */
  code: string;
  /** Runs the bundle in a fresh Node process (on the first call; later calls return the same output); what it printed. */
  run(): string;
}

/**
 * Bundles a TypeScript snippet (its packages from the project's node_modules) as Lambda handlers are bundled,
 * with `plugins` instead of the handlers' own when given.
 */
export async function bundleSnippet(source: string, plugins?: Plugin[]): Promise<SnippetBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-bundle-'));
  const outfile = join(dir, 'snippet.mjs');
  const entry = join(dir, 'snippet.ts');
  writeFileSync(entry, source);
  const options = lambdaBuildOptions(entry, outfile, [join(PROJECT_ROOT, 'node_modules')]);
  if (plugins) options.plugins = plugins;
  const result = await build({ ...options, sourcemap: false, write: false, metafile: true });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text;
  writeFileSync(outfile, code);
  const metafile: Metafile = result.metafile;
  let printed: string | undefined;
  return {
    code,
    inputs: Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path)),
    run() {
      if (printed === undefined) {
        const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`snippet failed: ${r.stderr}`);
        printed = r.stdout.trim();
      }
      return printed;
    },
  };
}
