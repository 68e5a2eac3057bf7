import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { type CfnFunction, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaCode } from '../../lib/constructs/lambda-code';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';

describe('lambdaCode', () => {
  it('bundles each entry into its own asset when two functions of one app have different entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-lambda-code-'));
    writeFileSync(join(dir, 'one.ts'), "export const handler = async () => 'one';\n");
    writeFileSync(join(dir, 'two.ts'), "export const handler = async () => 'two';\n");
    const app = new App({ outdir: join(dir, 'cdk.out') });
    const stack = new Stack(app, 'Code');
    const fns = ['one', 'two'].map(
      (name) => new LambdaFunction(stack, name, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: lambdaCode(join(dir, `${name}.ts`), PROJECT_ROOT) }),
    );
    const assembly = app.synth();
    const hashes = fns.map((fn) => ((fn.node.defaultChild as CfnFunction).code as { s3Key: string }).s3Key.replace(/\.zip$/, ''));
    expect(hashes[0]).not.toBe(hashes[1]);
    const bundles = hashes.map((h) => readFileSync(join(assembly.directory, `asset.${h}`, 'index.mjs'), 'utf8'));
    expect(bundles[0]).toContain('"one"');
    expect(bundles[1]).toContain('"two"');
  });
});
