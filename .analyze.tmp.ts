import { build } from 'esbuild';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { lambdaBuildOptions } from './lib/aws/lambda-bundling';
const ROOT = process.cwd();
const only = process.argv[2];
for (const f of readdirSync('lambdas').filter((f) => f.endsWith('.ts'))) {
  const name = basename(f, '.ts');
  if (only && only !== name) continue;
  const out = `/tmp/bund/${name}.mjs`;
  const r = await build({ ...lambdaBuildOptions(join(ROOT, 'lambdas', f), out), metafile: true });
  writeFileSync(`/tmp/bund/${name}.meta.json`, JSON.stringify(r.metafile));
  const o = r.metafile!.outputs[Object.keys(r.metafile!.outputs).find((k) => k.endsWith('.mjs'))!]!;
  const byPkg = new Map<string, number>();
  for (const [p, v] of Object.entries(o.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
    const key = m ? m[1]! : p.split('/').slice(0, 2).join('/');
    byPkg.set(key, (byPkg.get(key) ?? 0) + v.bytesInOutput);
  }
  console.log(`${name}: ${statSync(out).size}`);
  if (process.argv[3]) for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`   ${k} ${v}`);
}
