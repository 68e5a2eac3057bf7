import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest global setup of the unit project: builds dist/tally.mjs from the working tree
 * (scripts/build-cli.mjs) once, before any worker starts, so the binary tests of parallel workers
 * never see a half-written file.
 */
export default function buildCli(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: resolve(__dirname, '../..') });
}
