import { describe, expect, it } from 'vitest';
import { xraySemverGte } from '../../lib/aws/xray-semver-gte';
import { bundleSnippet } from '../support/bundle-snippet';

const SNIPPET = `
import { captureAWS } from 'aws-xray-sdk-core';
const outcome = (VERSION) => { try { captureAWS({ VERSION }); return 'ok'; } catch (e) { return e.message; } };
console.log(JSON.stringify([outcome('2.7.14'), outcome('2.7.15'), outcome('2.1692.0')]));
`;

describe('xraySemverGte', () => {
  it('bundles semver’s gte and not the rest of semver when the X-Ray SDK is bundled', async () => {
    const bundle = await bundleSnippet(SNIPPET, [xraySemverGte()]);
    const semver = bundle.inputs.filter((p) => /[\\/]semver[\\/]/.test(p));
    expect(semver.some((p) => /functions[\\/]gte\.js$/.test(p))).toBe(true);
    expect(semver.filter((p) => /classes[\\/]range\.js$|ranges[\\/]/.test(p))).toEqual([]);
  });

  it('keeps the SDK’s version check when its SDK v2 patcher is given an older or newer SDK', async () => {
    const bundle = await bundleSnippet(SNIPPET, [xraySemverGte()]);
    expect(JSON.parse(bundle.run())).toEqual(['AWS SDK version 2.7.15 or greater required.', 'ok', 'ok']);
  });
});
