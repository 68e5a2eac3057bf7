import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, extname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, type BundlingOptions } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';

const BUNDLER = fileURLToPath(new URL('../aws/bundle-lambda.ts', import.meta.url));

/** Where the package keeps the handler bundles built at `npm pack` (scripts/build-package.ts): `<name>/index.mjs`. */
export const PREBUILT_HANDLERS_DIR = 'dist/lambda';

/**
 * The bundle built from `entry` at `npm pack`, when the entry itself is not there (an installed
 * package ships bundles, not handler sources); undefined otherwise, so a checkout always bundles
 * its current sources.
 */
export function prebuiltHandler(entry: string, projectRoot: string): string | undefined {
  if (existsSync(entry)) return undefined;
  const dir = join(projectRoot, PREBUILT_HANDLERS_DIR, basename(entry, extname(entry)));
  return existsSync(join(dir, 'index.mjs')) ? dir : undefined;
}

/**
 * The deployment package of a handler: `entry` bundled locally into `index.mjs` with the bundling
 * options and esbuild plugins of lib/aws/lambda-bundling.ts (NodejsFunction's own bundling runs the
 * esbuild CLI, which takes no plugins). As with NodejsFunction, the asset is hashed by its output.
 * There is no Docker fallback: a failed bundle fails the synthesis. In an installed package, whose
 * handler sources are not shipped, the bundle built at `npm pack` is the code ({@link prebuiltHandler}):
 * synthesis then needs neither esbuild nor tsx.
 */
export function lambdaCode(entry: string, projectRoot: string): Code {
  const prebuilt = prebuiltHandler(entry, projectRoot);
  if (prebuilt) return Code.fromAsset(prebuilt);
  if (!existsSync(entry)) throw new Error(`handler ${entry} not found, and no bundle of it in ${join(projectRoot, PREBUILT_HANDLERS_DIR)}`);
  const inDocker = (path: string) => posix.join('/asset-input', relative(projectRoot, path));
  const bundling: BundlingOptions = {
    // Docker bundling never runs (local bundling succeeds or throws), but CDK requires an image, and
    // its asset cache is keyed by these options as JSON, where `local` is `{}`: without the entry
    // in `command`, every function would get the first one's bundle.
    image: Runtime.NODEJS_22_X.bundlingImage,
    command: ['node', '--import', 'tsx', inDocker(BUNDLER), inDocker(resolve(entry)), '/asset-output'],
    local: {
      tryBundle(outputDir: string): boolean {
        const r = spawnSync(process.execPath, ['--import', 'tsx', BUNDLER, resolve(entry), outputDir], { cwd: projectRoot, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`bundling ${entry} failed: ${r.error?.message ?? r.stderr}`);
        return true;
      },
    },
  };
  return Code.fromAsset(projectRoot, { assetHashType: AssetHashType.OUTPUT, bundling });
}
