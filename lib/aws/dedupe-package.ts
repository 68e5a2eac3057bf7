import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * An esbuild plugin bundling one copy per version of package `name`, as `npm dedupe` would lay
 * it out. npm nests a copy of a shared dependency under each dependent when the top level holds
 * another version: Powertools logger, metrics and tracer 2.36 each carry their own
 * `@aws-lambda-powertools/commons` 2.36.0 beside the top-level 2.35.0, and esbuild bundles the
 * three identical copies. Imports resolve as before and are then pointed at the first copy of
 * the same version seen; copies of different versions stay apart.
 */
export function dedupePackage(name: string): Plugin {
  const root = new RegExp(`^(.*[\\\\/]node_modules[\\\\/]${escape(name).replace(/\\\//g, '[\\\\/]')})[\\\\/](.*)$`);
  return {
    name: `dedupe-package:${name}`,
    setup(build) {
      const firstRootByVersion = new Map<string, string>();
      build.onResolve({ filter: new RegExp(`^${escape(name)}(/.*)?$`) }, async (args) => {
        if ((args.pluginData as { dedupe?: true } | undefined)?.dedupe) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { dedupe: true } });
        const match = root.exec(resolved.path);
        if (resolved.errors.length > 0 || !match) return undefined;
        const [, packageRoot, rest] = match as unknown as [string, string, string];
        const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
        if (!firstRootByVersion.has(version)) firstRootByVersion.set(version, packageRoot);
        return { path: join(firstRootByVersion.get(version)!, rest) };
      });
    },
  };
}
