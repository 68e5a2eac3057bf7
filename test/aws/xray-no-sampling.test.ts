import { NO_SAMPLING, xrayNoSampling } from '../../lib/aws/xray-no-sampling';
import { xrayStubSuite } from '../support/xray-stub-suite';

xrayStubSuite({
  name: 'xrayNoSampling',
  plugin: xrayNoSampling,
  // As in Lambda, where the runtime sets LAMBDA_TASK_ROOT and the SDK switches to local sampling when loaded.
  snippet: `
process.env.LAMBDA_TASK_ROOT = '/var/task';
const { default: AWSXRay } = await import('aws-xray-sdk-core');
const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.message; } };
const { middleware } = AWSXRay;
console.log(JSON.stringify([outcome(() => middleware.sampler.shouldSample({ host: 'h', httpMethod: 'GET', urlPath: '/' })), outcome(() => middleware.setSamplingRules({ version: 2, default: { fixed_target: 1, rate: 0.1 } })), typeof AWSXRay.captureAWSv3Client]));
`,
  leftOut: /[\\/]middleware[\\/]sampling[\\/]/,
  what: 'samplers',
  message: NO_SAMPLING,
  calls: 2,
});
