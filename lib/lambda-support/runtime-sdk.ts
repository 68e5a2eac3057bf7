import { createRequire } from 'node:module';

/** `@aws-sdk/*` package → version: what the tests ran (package-lock) or what a Lambda runtime holds. */
export type SdkVersions = Readonly<Record<string, string>>;

/** A package whose runtime version is older than the one Tally was tested with. */
export interface OlderSdkPackage {
  name: string;
  runtime: string;
  tested: string;
}

/**
 * The `@aws-sdk/*` versions the tests ran, set by the bundler (lib/aws/lambda-bundling.ts `define`);
 * undefined outside a bundle, where the SDK loaded is the locked one.
 */
declare const __TALLY_TESTED_SDK__: SdkVersions | undefined;
export const TESTED_SDK: SdkVersions | undefined = typeof __TALLY_TESTED_SDK__ === 'undefined' ? undefined : __TALLY_TESTED_SDK__;

/** Compares dotted numeric versions (`3.1169.0`); a pre-release or build suffix is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0]!.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * The packages the runtime holds in an older version than the tests ran. A package the runtime
 * does not hold is not listed: the handler would fail to import it, which says more than a warning.
 */
export function olderSdkPackages(tested: SdkVersions, runtimeVersion: (name: string) => string | undefined): OlderSdkPackage[] {
  const older: OlderSdkPackage[] = [];
  for (const [name, version] of Object.entries(tested)) {
    const runtime = runtimeVersion(name);
    if (runtime !== undefined && compareVersions(runtime, version) < 0) older.push({ name, runtime, tested: version });
  }
  return older;
}

/** The version of `name` that this process resolves (in Lambda: the runtime's `/var/runtime/node_modules`). */
export function resolvedSdkVersion(name: string): string | undefined {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
