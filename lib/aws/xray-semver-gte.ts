import type { Plugin } from 'esbuild';

/** Modules of the X-Ray SDK (required by Powertools Tracer), by resolved path. */
const XRAY_SDK = /[\\/]aws-xray-sdk-core[\\/]/;

const NAMESPACE = 'xray-semver-gte';

/**
 * An esbuild plugin giving the X-Ray SDK a `semver` with only `gte`, semver's own implementation.
 * The SDK's one use of semver is `semver.gte` (its SDK v2 patcher checks the SDK version), but
 * `require('semver')` bundles all of semver (CommonJS is not tree-shaken): about 29 kB of a
 * handler bundle for 10 kB of what `gte` needs. Any other importer gets semver as it is.
 */
export function xraySemverGte(): Plugin {
  return {
    name: 'xray-semver-gte',
    setup(build) {
      build.onResolve({ filter: /^semver$/ }, (args) =>
        XRAY_SDK.test(args.importer) ? { path: 'semver', namespace: NAMESPACE, pluginData: { resolveDir: args.resolveDir } } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: "module.exports = { gte: require('semver/functions/gte') };\n",
        loader: 'js',
        resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
      }));
    },
  };
}
