import type { Plugin } from 'esbuild';

/** Modules of the X-Ray SDK (required by Powertools Tracer), by resolved path. */
const XRAY_SDK = /[\\/]aws-xray-sdk-core[\\/]/;

/**
 * An esbuild plugin named `name` that bundles `contents` (CommonJS) in place of each module the
 * X-Ray SDK requires by a specifier matching `specifier`, once for them all (its text, an error
 * message mostly, is the same for each); the same specifier from any other package resolves as usual.
 */
export function xrayStub(name: string, specifier: RegExp, contents: string): Plugin {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: specifier }, (args) => (XRAY_SDK.test(args.importer) ? { path: name, namespace: name } : undefined));
      build.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, loader: 'js' }));
    },
  };
}
