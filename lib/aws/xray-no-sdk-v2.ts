import type { Plugin } from 'esbuild';
import { xrayStub } from './xray-stub';

/** The X-Ray SDK's AWS SDK v2 patcher (`aws-xray-sdk-core/dist/lib/patchers/aws_p.js`), as the SDK requires it. */
const SDK_V2_PATCHER = /^\.\/patchers\/aws_p$/;

/** The message of the error `captureAWS` and `captureAWSClient` throw in a handler bundle. */
export const NO_SDK_V2 = 'the X-Ray SDK v2 patcher is not bundled in Tally Lambda handlers (lib/aws/xray-no-sdk-v2.ts): capture SDK v3 clients';

/**
 * An esbuild plugin leaving the X-Ray SDK's AWS SDK v2 patcher (`captureAWS`, `captureAWSClient`)
 * out of handler bundles, and with it all of semver, which only that patcher requires: about
 * 12 kB of a handler bundle. The Node.js 18+ Lambda runtimes carry no SDK v2 and Tally does not
 * depend on it; handlers capture SDK v3 clients (`tracer.captureAWSv3Client`, another module,
 * bundled as it is). In a bundle the two SDK v2 functions throw {@link NO_SDK_V2}.
 */
export function xrayNoSdkV2(): Plugin {
  return xrayStub('xray-no-sdk-v2', SDK_V2_PATCHER, `const off = () => { throw new Error(${JSON.stringify(NO_SDK_V2)}); };\nmodule.exports = { captureAWS: off, captureAWSClient: off };\n`);
}
