import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { lambdaBuildOptions } from './lambda-bundling';

/**
 * `tsx lib/aws/bundle-lambda.ts <entry> <outputDir>`: bundles one handler into
 * `<outputDir>/index.mjs` (and its source map) with {@link lambdaBuildOptions}. CDK's local bundling
 * runs it in a child process (lib/constructs/lambda-code.ts): bundling with esbuild plugins is
 * asynchronous, and CDK's `tryBundle` is not.
 */
const [entry, outputDir] = process.argv.slice(2);
if (!entry || !outputDir) {
  process.stderr.write('usage: tsx lib/aws/bundle-lambda.ts <entry> <outputDir>\n');
  process.exit(2);
}
await build(lambdaBuildOptions(resolve(entry), join(outputDir, 'index.mjs')));
