import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xrayPackageInfo } from '../../lib/aws/xray-package-info';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';
import { bundleSnippet } from '../support/bundle-snippet';

/** What the X-Ray SDK reads of its package.json: the name and version it reports in each segment. */
const SNIPPET = `
import info from 'aws-xray-sdk-core/package.json';
console.log(JSON.stringify(info));
`;

const { name, version, description } = JSON.parse(readFileSync(`${PROJECT_ROOT}node_modules/aws-xray-sdk-core/package.json`, 'utf8')) as Record<string, string>;

describe('xrayPackageInfo', () => {
  it("bundles only the name and version of the X-Ray SDK's package.json when a module requires it", async () => {
    const bundle = await bundleSnippet(SNIPPET, [xrayPackageInfo()]);
    expect(JSON.parse(bundle.run())).toEqual({ name, version });
    expect(bundle.code).not.toContain(description);
  });

  it('is among the handler plugins when a handler is bundled', async () => {
    const bundle = await bundleSnippet(SNIPPET);
    expect(JSON.parse(bundle.run())).toEqual({ name, version });
  });
});
