import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** The X-Ray SDK's package.json, by the tail of its resolved path. */
const XRAY_PACKAGE_JSON = /[\\/]aws-xray-sdk-core[\\/]package\.json$/;

/**
 * An esbuild plugin bundling only `name` and `version` of the X-Ray SDK's package.json: the SDK
 * requires the whole file but reads only those two (the `sdk_version` and `package` it reports in
 * each segment). Its description, scripts and dependency lists are about 1.5 kB of a handler bundle.
 */
export function xrayPackageInfo(): Plugin {
  return {
    name: 'xray-package-info',
    setup(build) {
      build.onLoad({ filter: XRAY_PACKAGE_JSON }, async (args) => {
        const { name, version } = JSON.parse(await readFile(args.path, 'utf8')) as { name?: string; version?: string };
        return { contents: JSON.stringify({ name, version }), loader: 'json' };
      });
    },
  };
}
