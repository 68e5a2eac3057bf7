import type { Plugin } from 'esbuild';
import { xrayStub } from './xray-stub';

/** The X-Ray SDK's EC2, ECS and Elastic Beanstalk segment plugins, as `aws-xray.js` requires them. */
const HOST_PLUGIN = /^\.\/segments\/plugins\/(ec2|ecs|elastic_beanstalk)_plugin$/;

/** The message a left-out plugin throws when asked for its data. */
export const NO_HOST_PLUGINS = 'the X-Ray SDK EC2/ECS/Elastic Beanstalk plugins are not bundled in Tally Lambda handlers (lib/aws/xray-no-plugins.ts)';

/**
 * An esbuild plugin leaving the X-Ray SDK's host plugins (`AWSXRay.plugins.EC2Plugin`, `ECSPlugin`,
 * `ElasticBeanstalkPlugin`) out of handler bundles: they add host metadata to segments only when an
 * application passes them to `AWSXRay.config`, which neither Tally nor Powertools Tracer does, and
 * in Lambda the segment is the runtime's. About 2 kB of a handler bundle. In a bundle each
 * plugin's `getData` throws {@link NO_HOST_PLUGINS}.
 */
export function xrayNoPlugins(): Plugin {
  return xrayStub('xray-no-plugins', HOST_PLUGIN, `module.exports = { getData() { throw new Error(${JSON.stringify(NO_HOST_PLUGINS)}); } };\n`);
}
