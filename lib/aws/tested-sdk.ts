import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The `@aws-sdk/*` packages Tally depends on, each with the version installed beside it (the one the
 * tests ran): built into every handler bundle, whose cold start compares it with the runtime's
 * (lib/lambda-support/runtime-sdk.ts).
 */
export function testedSdkVersions(packageJsonUrl: URL = new URL('../../package.json', import.meta.url)): Record<string, string> {
  const { dependencies = {} } = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { dependencies?: Record<string, string> };
  const resolve = createRequire(packageJsonUrl);
  const versions: Record<string, string> = {};
  for (const name of Object.keys(dependencies).filter((n) => n.startsWith('@aws-sdk/')).sort()) {
    versions[name] = (resolve(`${name}/package.json`) as { version: string }).version;
  }
  return versions;
}
