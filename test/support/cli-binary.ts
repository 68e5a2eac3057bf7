import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
let built = false;

/**
 * Builds dist/tally.mjs from the working tree (scripts/build-cli.mjs) once per module registry: the
 * binary test files share the unit project's registry, so one esbuild run serves them all.
 */
export function buildCliOnce(): void {
  if (!built) {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
    built = true;
  }
}
