import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';

describe('the constructs entry point', () => {
  // What test/package checks on the packed module, checked here on the sources in every test run:
  // an app that installs Tally has aws-cdk-lib, constructs and zod, not the SDK the handlers use.
  it('imports no package but aws-cdk-lib, constructs and zod through any module it loads', () => {
    const { metafile } = buildSync({
      entryPoints: [join(PROJECT_ROOT, 'lib/constructs/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const packages = Object.values(metafile.inputs).flatMap((i) => i.imports.filter((m) => m.external && !m.path.startsWith('node:')).map((m) => m.path.split('/').slice(0, m.path.startsWith('@') ? 2 : 1).join('/')));
    expect([...new Set(packages)].sort()).toEqual(['aws-cdk-lib', 'constructs', 'zod']);
  });
});
