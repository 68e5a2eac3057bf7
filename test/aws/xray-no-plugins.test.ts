import { NO_HOST_PLUGINS, xrayNoPlugins } from '../../lib/aws/xray-no-plugins';
import { xrayStubSuite } from '../support/xray-stub-suite';

xrayStubSuite({
  name: 'xrayNoPlugins',
  plugin: xrayNoPlugins,
  snippet: `
import AWSXRay from 'aws-xray-sdk-core';
const outcome = (f) => { try { f(() => undefined); return 'ok'; } catch (e) { return e.message; } };
const { EC2Plugin, ECSPlugin, ElasticBeanstalkPlugin } = AWSXRay.plugins;
console.log(JSON.stringify([outcome(EC2Plugin.getData), outcome(ECSPlugin.getData), outcome(ElasticBeanstalkPlugin.getData), typeof AWSXRay.captureAWSv3Client]));
`,
  leftOut: /[\\/]segments[\\/]plugins[\\/]/,
  what: 'host plugins',
  message: NO_HOST_PLUGINS,
  calls: 3,
});
