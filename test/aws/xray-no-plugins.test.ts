import { describe, expect, it } from 'vitest';
import { NO_HOST_PLUGINS, xrayNoPlugins } from '../../lib/aws/xray-no-plugins';
import { bundleSnippet } from '../support/bundle-snippet';
import { once } from '../support/once';

const SNIPPET = `
import AWSXRay from 'aws-xray-sdk-core';
const outcome = (f) => { try { f(() => undefined); return 'ok'; } catch (e) { return e.message; } };
const { EC2Plugin, ECSPlugin, ElasticBeanstalkPlugin } = AWSXRay.plugins;
console.log(JSON.stringify([outcome(EC2Plugin.getData), outcome(ECSPlugin.getData), outcome(ElasticBeanstalkPlugin.getData), typeof AWSXRay.captureAWSv3Client]));
`;
const HOST_PLUGIN = /[\\/]segments[\\/]plugins[\\/]/;

/** The snippet bundled with the plugin under test, once for the tests that read it. */
const withPlugin = once(() => bundleSnippet(SNIPPET, [xrayNoPlugins()]));

describe('xrayNoPlugins', () => {
  it('bundles none of the X-Ray SDK’s host plugins, and keeps the SDK v3 capture, when the X-Ray SDK is bundled', async () => {
    const bundle = await withPlugin();
    expect(bundle.inputs.filter((p) => HOST_PLUGIN.test(p))).toEqual([]);
    expect(bundle.inputs.some((p) => /[\\/]patchers[\\/]aws3_p\.js$/.test(p))).toBe(true);
  });

  it('bundles one stub for the three host plugins when the X-Ray SDK is bundled', async () => {
    const bundle = await withPlugin();
    expect(bundle.code.split(NO_HOST_PLUGINS).length - 1).toBe(1);
  });

  it('throws an error naming what was left out when a bundle asks a host plugin for its data', async () => {
    const bundle = await withPlugin();
    expect(JSON.parse(bundle.run())).toEqual([NO_HOST_PLUGINS, NO_HOST_PLUGINS, NO_HOST_PLUGINS, 'function']);
  });

  it('leaves out the host plugins when bundled with every handler plugin', async () => {
    const bundle = await bundleSnippet(SNIPPET);
    expect(bundle.inputs.filter((p) => HOST_PLUGIN.test(p))).toEqual([]);
  });

  it('bundles the host plugins when the plugin is not used', async () => {
    const bundle = await bundleSnippet(SNIPPET, []);
    expect(bundle.inputs.filter((p) => HOST_PLUGIN.test(p)).length).toBeGreaterThan(0);
  });
});
