import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** `import { …, z, … } from 'zod'` (a value import naming `z`; `import type` is left alone). */
const NAMED_Z_IMPORT = /import\s*\{([^}]*)\}\s*from\s*(['"])zod\2\s*;?/g;

/**
 * Rewrites `import { z } from 'zod'` as `import * as z from 'zod'` (other names of the same import
 * kept in a second import), or returns undefined when `source` has none.
 *
 * The two bind the same functions (zod's index re-exports all of `z` at top level), but esbuild
 * tree-shakes only the second: a namespace re-exported by name (zod's `export { z }`) is bundled
 * whole, with every export of zod (evanw/esbuild#1420), whereas `z.object` on an
 * `import * as` namespace bundles only `object`. zod documents `import * as z` as its usual form.
 */
export function rewriteZodNamedImport(source: string): string | undefined {
  let changed = false;
  const out = source.replace(NAMED_Z_IMPORT, (statement, names: string, quote: string) => {
    const specifiers = names.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (!specifiers.includes('z')) return statement;
    changed = true;
    const rest = specifiers.filter((s) => s !== 'z');
    const namespace = `import * as z from ${quote}zod${quote};`;
    return rest.length === 0 ? namespace : `${namespace} import { ${rest.join(', ')} } from ${quote}zod${quote};`;
  });
  return changed ? out : undefined;
}

/**
 * An esbuild plugin applying {@link rewriteZodNamedImport} to every module it loads, Tally's and
 * its dependencies' (Powertools parser and batch import `{ z }` too): one module importing the
 * named `z` is enough to bundle all of zod.
 */
export function zodNamespaceImport(): Plugin {
  return {
    name: 'zod-namespace-import',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('zod')) return undefined;
        const contents = rewriteZodNamedImport(source);
        if (contents === undefined) return undefined;
        return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}
