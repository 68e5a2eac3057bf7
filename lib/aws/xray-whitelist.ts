import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** The X-Ray SDK's list of request and response fields to record per AWS service and operation. */
const XRAY_WHITELIST = /[\\/]aws-xray-sdk-core[\\/]dist[\\/]lib[\\/]resources[\\/]aws_whitelist\.json$/;

const SDK_CLIENT = /^@aws-sdk\/client-(.+)$/;

/**
 * The services of the AWS SDK v3 clients `packageJson` depends on, named as the X-Ray SDK names a
 * captured client's service (its class name without `Client`, lower case): `client-sagemaker-runtime`
 * is `sagemakerruntime`.
 */
export function sdkClientServices(packageJson: { dependencies?: Record<string, string> }): string[] {
  return Object.keys(packageJson.dependencies ?? {}).flatMap((name) => {
    const service = SDK_CLIENT.exec(name)?.[1];
    return service ? [service.replaceAll('-', '')] : [];
  });
}

/**
 * An esbuild plugin bundling the X-Ray SDK's whitelist with the entries of `services` only. The
 * SDK looks a captured call up by its service there to record some of its parameters (DynamoDB's
 * table name, S3's bucket); an entry for a service no handler has a client for never matches a
 * call. S3, SQS, SNS, Lambda and SageMaker are about 9 kB of a handler bundle.
 */
export function xrayWhitelist(services: readonly string[]): Plugin {
  return {
    name: 'xray-whitelist',
    setup(build) {
      build.onLoad({ filter: XRAY_WHITELIST }, async (args) => {
        const whitelist = JSON.parse(await readFile(args.path, 'utf8')) as { services: Record<string, unknown> };
        const kept = Object.fromEntries(Object.entries(whitelist.services).filter(([service]) => services.includes(service)));
        return { contents: JSON.stringify({ ...whitelist, services: kept }), loader: 'json' };
      });
    },
  };
}
