import { describe, expect, it } from 'vitest';
import { NO_SDK_V2, xrayNoSdkV2 } from '../../lib/aws/xray-no-sdk-v2';
import { bundleSnippet } from '../support/bundle-snippet';
import { once } from '../support/once';

const SNIPPET = `
import { captureAWS, captureAWSClient, captureAWSv3Client, captureAsyncFunc } from 'aws-xray-sdk-core';
const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.message; } };
console.log(JSON.stringify([outcome(() => captureAWS({ VERSION: '2.1692.0' })), outcome(() => captureAWSClient({})), typeof captureAWSv3Client, typeof captureAsyncFunc]));
`;

/** The snippet bundled with the plugin under test, once for the tests that read it. */
const withPlugin = once(() => bundleSnippet(SNIPPET, [xrayNoSdkV2()]));

describe('xrayNoSdkV2', () => {
  it('bundles neither the X-Ray SDK’s SDK v2 patcher nor semver when the X-Ray SDK is bundled', async () => {
    const bundle = await withPlugin();
    expect(bundle.inputs.filter((p) => /[\\/]semver[\\/]|[\\/]patchers[\\/]aws_p\.js$/.test(p))).toEqual([]);
    expect(bundle.inputs.some((p) => /[\\/]patchers[\\/]aws3_p\.js$/.test(p))).toBe(true);
  });

  it('throws an error naming what was left out when a bundle asks the X-Ray SDK to patch an SDK v2', async () => {
    const bundle = await withPlugin();
    expect(JSON.parse(bundle.run())).toEqual([NO_SDK_V2, NO_SDK_V2, 'function', 'function']);
  });

  it('leaves out the SDK v2 patcher when bundled with every handler plugin', async () => {
    const bundle = await bundleSnippet(SNIPPET);
    expect(bundle.inputs.filter((p) => /[\\/]semver[\\/]|[\\/]patchers[\\/]aws_p\.js$/.test(p))).toEqual([]);
  });
});
