// Bundles the CLI into one ESM file with the local esbuild (no network, no Docker).
import { build } from 'esbuild';

await build({
  entryPoints: ['bin/tally.ts'],
  outfile: 'dist/tally.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __tallyCreateRequire } from 'node:module';\nconst require = __tallyCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
