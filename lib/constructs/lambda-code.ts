import { spawnSync } from 'node:child_process';
import { posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, type BundlingOptions } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';

const BUNDLER = fileURLToPath(new URL('../aws/bundle-lambda.ts', import.meta.url));

/**
 * The deployment package of a handler: `entry` bundled locally into `index.mjs` with the bundling
 * options and esbuild plugins of lib/aws/lambda-bundling.ts (NodejsFunction's own bundling runs the
 * esbuild CLI, which takes no plugins). As with NodejsFunction, the asset is hashed by its output.
 * There is no Docker fallback: a failed bundle fails the synthesis.
 */
export function lambdaCode(entry: string, projectRoot: string): Code {
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
