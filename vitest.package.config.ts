import { defineConfig } from 'vitest/config';

/**
 * `npm run test:package`: packs Tally (prepack builds the CLI, the constructs and every handler
 * bundle: over a minute on 2 cores) and synthesizes it in a CDK app of its own. Outside `npm test`
 * for that minute; the integrator and CI run it before a release.
 */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
