import { readFile } from 'node:fs/promises';
import { buildSync, type Plugin } from 'esbuild';

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
 * The services of the SDK v3 clients a handler imports, through any module it bundles: found by an
 * unminified, unwritten esbuild pass over `entry` with `@aws-sdk/*` external (about a tenth of the
 * bundle's own build), so each handler bundles the X-Ray whitelist entries of its own clients only.
 */
export function importedSdkServices(entry: string, nodePaths: string[] = []): string[] {
  const { metafile } = buildSync({ entryPoints: [entry], nodePaths, bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', external: ['@aws-sdk/*'], logLevel: 'silent' });
  const imported = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  return sdkClientServices({ dependencies: Object.fromEntries(imported.map((name) => [name, ''])) }).sort();
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
