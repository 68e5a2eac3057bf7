/**
 * How every Lambda handler is bundled: the CDK construct passes these to NodejsFunction (local
 * esbuild, no Docker) and the benchmark bundles with the same settings to measure what deploys.
 * ESM needs `require` for the few CommonJS dependencies; the SDK v3 is provided by the runtime.
 */
export const LAMBDA_BUNDLING = {
  target: 'node22',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  externalModules: ['@aws-sdk/*'],
} as const;

/** The handler entries under lambdas/, by function. */
export const LAMBDA_ENTRIES = {
  sweep: 'lambdas/sweep.ts',
  cloudtrailEvent: 'lambdas/cloudtrail-event.ts',
  approvalStream: 'lambdas/approval-stream.ts',
  memberSweep: 'lambdas/member-sweep.ts',
} as const;
