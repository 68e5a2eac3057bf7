import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Test files that synthesize CDK apps; they share one worker so each app is synthesized once (test/constructs/synth.ts). */
const CONSTRUCTS = ['test/constructs/**/*.test.ts'];
/**
 * Test files that need a module registry of their own: handlers read their configuration and build
 * clients when imported, some tests replace modules (vi.mock). The CLI tests are not among them:
 * lib/cli reads no environment and holds no module state (main() takes its io), and the tests that
 * stub AWS_* variables restore them in afterAll.
 */
const ISOLATED = ['test/lambdas/**/*.test.ts', 'test/bad-input/lambda-batches.test.ts', 'test/core/rule-error.test.ts'];
/** The install-and-synth test of the packed package: `npm run test:package` (vitest.package.config.ts), over a minute. */
const PACKAGE = ['test/package/**/*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Two finish the
    // suite in about 110 s instead of 160 s, and in about 170 s instead of 225 s with another process busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    env: {
      // Node 20 is supported (package.json engines); @aws-sdk/core warns once per process otherwise.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    projects: [
      // The rest share a module registry per worker: loading the SDK and zod once per worker, not once per file, saves about a third of the run.
      {
        extends: true,
        // The binary tests run dist/tally.mjs: built once before the workers start.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...CONSTRUCTS, ...ISOLATED, ...PACKAGE], isolate: false, globalSetup: ['test/support/build-cli.global.ts'] },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      {
        extends: true,
        test: {
          name: 'constructs',
          include: CONSTRUCTS,
          // One module registry in one worker for all construct tests: `synth()` and friends build each app once.
          // Vitest runs a project with its own worker count as a group of its own: after the others.
          isolate: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          // A first synthesis loads most of aws-cdk-lib: seconds alone, a minute on a busy 2-core machine.
          hookTimeout: 180_000,
          testTimeout: 180_000,
        },
      },
    ],
  },
});
