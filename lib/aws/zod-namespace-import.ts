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

/** zod's classic schemas (`zod/v4/classic/schemas.js`), by the tail of their resolved path. */
const ZOD_CLASSIC_SCHEMAS = /[\\/]zod[\\/]v4[\\/]classic[\\/]schemas\.js$/;

const NAMED_UTIL_IMPORT = /import\s*\{\s*util\s*\}\s*from\s*(['"])\.\.\/core\/index\.js\1\s*;?/;

/**
 * Rewrites zod's own `import { util } from "../core/index.js"` (and `core.util.x`, the same
 * namespace reached through `core`) as `import * as util from "../core/util.js"`, or returns
 * undefined when `source` has no such import. The core index only re-exports that module
 * (`export * as util from "./util.js"`), so both name the same functions; named, esbuild bundles
 * all of util (evanw/esbuild#1420), about 5 kB that no schema calls.
 */
export function rewriteZodUtilImport(source: string): string | undefined {
  const match = NAMED_UTIL_IMPORT.exec(source);
  if (!match) return undefined;
  const quote = match[1]!;
  return source.replace(match[0], `import * as util from ${quote}../core/util.js${quote};`).replace(/\bcore\.util\./g, 'util.');
}

/**
 * An esbuild plugin applying {@link rewriteZodNamedImport} to every module it loads, Tally's and
 * its dependencies' (Powertools parser and batch import `{ z }` too): one module importing the
 * named `z` is enough to bundle all of zod. zod's classic schemas get {@link rewriteZodUtilImport}.
 */
export function zodNamespaceImport(): Plugin {
  return {
    name: 'zod-namespace-import',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('zod')) return undefined;
        const contents = ZOD_CLASSIC_SCHEMAS.test(args.path) ? rewriteZodUtilImport(source) : rewriteZodNamedImport(source);
        if (contents === undefined) return undefined;
        return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}
