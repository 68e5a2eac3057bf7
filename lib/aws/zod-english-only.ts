import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * zod v4's locales index (`zod/v4/locales/index.js`), by its resolved path: every zod entry reaches
 * the locales through it (`export * as locales` in classic/external.js, and the `zod/locales`
 * entry). The path may be a symlink's target, so only its tail is matched.
 */
export const ZOD_LOCALES_INDEX = /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/;

/** What the locales index is replaced with: English only, under the name zod gives it. */
export const ENGLISH_ONLY_LOCALES = 'export { default as en } from "./en.js";\n';

/**
 * An esbuild plugin that bundles only zod's English locale. Because `z` is one namespace object,
 * esbuild keeps every module it re-exports, so zod's 40-odd locales (about a third of a handler
 * bundle) are bundled although nothing calls `z.config(z.locales.xx())`.
 *
 * Validation is unchanged: zod registers English itself (classic/schemas.js imports
 * `../locales/en.js` directly and sets it on the first schema built), and that module is the one
 * still re-exported here. Only `z.locales.<other>` becomes undefined in the bundle; Tally never
 * reads it.
 */
export function zodEnglishOnly(): Plugin {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onLoad({ filter: ZOD_LOCALES_INDEX }, (args) => ({
        contents: ENGLISH_ONLY_LOCALES,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
