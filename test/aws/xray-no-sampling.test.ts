import { describe, expect, it } from 'vitest';
import { NO_SAMPLING, xrayNoSampling } from '../../lib/aws/xray-no-sampling';
import { bundleSnippet } from '../support/bundle-snippet';
import { once } from '../support/once';

// As in Lambda, where the runtime sets LAMBDA_TASK_ROOT and the SDK switches to local sampling when loaded.
const SNIPPET = `
process.env.LAMBDA_TASK_ROOT = '/var/task';
const { default: AWSXRay } = await import('aws-xray-sdk-core');
const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.message; } };
const { middleware } = AWSXRay;
console.log(JSON.stringify([outcome(() => middleware.sampler.shouldSample({ host: 'h', httpMethod: 'GET', urlPath: '/' })), outcome(() => middleware.setSamplingRules({ version: 2, default: { fixed_target: 1, rate: 0.1 } })), typeof AWSXRay.captureAWSv3Client]));
`;
const SAMPLING = /[\\/]middleware[\\/]sampling[\\/]/;

/** The snippet bundled with the plugin under test, once for the tests that read it. */
const withPlugin = once(() => bundleSnippet(SNIPPET, [xrayNoSampling()]));

describe('xrayNoSampling', () => {
  it('bundles none of the X-Ray SDK’s sampling modules, and keeps the SDK v3 capture, when the X-Ray SDK is bundled', async () => {
    const bundle = await withPlugin();
    expect(bundle.inputs.filter((p) => SAMPLING.test(p))).toEqual([]);
    expect(bundle.inputs.some((p) => /[\\/]patchers[\\/]aws3_p\.js$/.test(p))).toBe(true);
  });

  it('bundles one stub for both samplers when the X-Ray SDK is bundled', async () => {
    const bundle = await withPlugin();
    expect(bundle.code.split(NO_SAMPLING).length - 1).toBe(1);
  });

  it('throws an error naming what was left out when a bundle asks a sampler for a decision or sets sampling rules', async () => {
    const bundle = await withPlugin();
    expect(JSON.parse(bundle.run().split('\n').at(-1)!)).toEqual([NO_SAMPLING, NO_SAMPLING, 'function']);
  });

  it('leaves out the sampling modules when bundled with every handler plugin', async () => {
    const bundle = await bundleSnippet(SNIPPET);
    expect(bundle.inputs.filter((p) => SAMPLING.test(p))).toEqual([]);
  });

  it('bundles the sampling modules when the plugin is not used', async () => {
    const bundle = await bundleSnippet(SNIPPET, []);
    expect(bundle.inputs.filter((p) => SAMPLING.test(p)).length).toBeGreaterThan(0);
  });
});
