import type { Plugin } from 'esbuild';
import { xrayStub } from './xray-stub';

/** The X-Ray SDK's samplers, centralized and local, as its middleware utilities (`mw_utils.js`) require them. */
const SAMPLER = /^\.\/sampling\/(default|local)_sampler$/;

/** The message a left-out sampler throws when asked for a decision or given rules. */
export const NO_SAMPLING = 'the X-Ray SDK samplers are not bundled in Tally Lambda handlers (lib/aws/xray-no-sampling.ts): in Lambda the trace header decides';

/**
 * An esbuild plugin leaving the X-Ray SDK's samplers (`AWSXRay.middleware.sampler`, its centralized
 * rule and target pollers, their X-Ray API connector and the local rules) out of handler bundles:
 * only the SDK's HTTP server middleware asks a sampler, for a request without a sampling decision.
 * In Lambda the segment is the runtime's facade, sampled by the trace header, the SDK turns
 * centralized sampling off when it starts (`env/aws_lambda.js`), and neither Tally nor Powertools
 * Tracer sets sampling rules. About 12 kB of a handler bundle. In a bundle each sampler's
 * `shouldSample` and `setLocalRules` throw {@link NO_SAMPLING}.
 */
export function xrayNoSampling(): Plugin {
  return xrayStub('xray-no-sampling', SAMPLER, `const off = () => { throw new Error(${JSON.stringify(NO_SAMPLING)}); };\nmodule.exports = { shouldSample: off, setLocalRules: off };\n`);
}
