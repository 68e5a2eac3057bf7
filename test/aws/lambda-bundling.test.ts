import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE_TARGET_BYTES, LAMBDA_ENTRIES, lambdaBuildOptions } from '../../lib/aws/lambda-bundling';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';

describe('lambdaBuildOptions', () => {
  it('bundles every handler under the size target when built as deployed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-bundles-'));
    const sizes: Record<string, number> = {};
    for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
      const result = await build({ ...lambdaBuildOptions(join(PROJECT_ROOT, entry), join(dir, `${name}.mjs`)), sourcemap: false, write: false });
      sizes[name] = result.outputFiles[0]!.contents.byteLength;
    }
    for (const [name, bytes] of Object.entries(sizes)) expect({ name, under: bytes < LAMBDA_BUNDLE_TARGET_BYTES, bytes }).toMatchObject({ name, under: true });
  });
});
