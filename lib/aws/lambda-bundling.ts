import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { dedupePackage } from './dedupe-package';
import { xrayNoPlugins } from './xray-no-plugins';
import { xrayNoSampling } from './xray-no-sampling';
import { xrayNoSdkV2 } from './xray-no-sdk-v2';
import { xrayPackageInfo } from './xray-package-info';
import { testedSdkVersions } from './tested-sdk';
import { importedSdkServices, sdkClientServices, xrayWhitelist } from './xray-whitelist';
import { zodEnglishOnly } from './zod-english-only';
import { zodNamespaceImport } from './zod-namespace-import';
import { zodNoJsonSchema } from './zod-no-json-schema';

/**
 * How every Lambda handler is bundled: the CDK construct (through lib/aws/bundle-lambda.ts) and the
 * benchmark both build with {@link lambdaBuildOptions}, so what is measured is what deploys.
 * ESM needs `require` for the few CommonJS dependencies; the SDK v3 is provided by the runtime.
 */
export const LAMBDA_BUNDLING = {
  target: 'node22',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  externalModules: ['@aws-sdk/*'],
} as const;

/** Largest handler bundle (the .mjs, source map aside) issue 9 allows, in bytes. */
export const LAMBDA_BUNDLE_TARGET_BYTES = 400_000;

/** A handler: its function name (the file name) and its entry, relative to the project root. */
export interface LambdaEntry {
  name: string;
  entry: string;
}

/**
 * Every handler under `<root>/lambdas/` (each `.ts` file there is one, `.d.ts` aside), by name. The
 * bundle benchmark and the package build both list handlers here, so a new handler is bundled
 * and measured without being registered anywhere.
 */
export function lambdaEntries(root: string): LambdaEntry[] {
  return readdirSync(join(root, 'lambdas'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => ({ name: basename(f, '.ts'), entry: `lambdas/${f}` }));
}

/**
 * The esbuild plugins of every handler bundle: they drop code no handler runs and change no
 * behaviour a handler has. What they leave out (zod's other locales and its JSON Schema generation,
 * the X-Ray SDK's SDK v2 patcher, host plugins and samplers, its whitelist entries for services the handler has no SDK
 * client for (`services`: a handler's own, {@link importedSdkServices}; by default every client
 * Tally depends on), and its package.json but for name and version) throws, is undefined or
 * records nothing in a bundle, and only there.
 */
export function lambdaPlugins(services: readonly string[] = dependencyServices()): Plugin[] {
  return [zodEnglishOnly(), zodNoJsonSchema(), zodNamespaceImport(), xrayNoSdkV2(), xrayNoPlugins(), xrayNoSampling(), xrayPackageInfo(), xrayWhitelist(services), dedupePackage('@aws-lambda-powertools/commons')];
}

/** The services of every SDK client in package.json's dependencies: what any handler may call. */
function dependencyServices(): string[] {
  return sdkClientServices(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> });
}

/**
 * esbuild options bundling `entry` (a handler file) into `outfile` (ESM, `.mjs`) as deployed;
 * `nodePaths` where packages are found when `entry` lies outside the project (a test's snippet).
 */
export function lambdaBuildOptions(entry: string, outfile: string, nodePaths: string[] = []): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    external: [...LAMBDA_BUNDLING.externalModules],
    plugins: lambdaPlugins(importedSdkServices(entry, nodePaths)),
    nodePaths,
    define: { __TALLY_TESTED_SDK__: JSON.stringify(testedSdkVersions()) },
    // Licence comments go to `index.mjs.LEGAL.txt` in the same asset, not into the measured bundle.
    legalComments: 'external',
    logLevel: 'error',
  };
}
