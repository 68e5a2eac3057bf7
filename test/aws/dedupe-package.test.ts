import { describe, expect, it } from 'vitest';
import { dedupePackage } from '../../lib/aws/dedupe-package';
import { bundleSnippet } from '../support/bundle-snippet';

const SNIPPET = `
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
console.log([new Logger(), new Metrics({ namespace: 'n' }), new Tracer()].length);
`;

/** The package roots of `@aws-lambda-powertools/commons` a bundle holds modules from. */
const commonsRoots = (inputs: string[]) => [...new Set(inputs.map((p) => /^(.*@aws-lambda-powertools[\\/]commons)[\\/]/.exec(p)?.[1]).filter((r) => r !== undefined))];

describe('dedupePackage', () => {
  it('bundles one copy of Powertools commons when logger, metrics and tracer each carry the same version', async () => {
    const bundle = await bundleSnippet(SNIPPET, [dedupePackage('@aws-lambda-powertools/commons')]);
    expect(commonsRoots(bundle.inputs)).toHaveLength(1);
    expect(bundle.run()).toBe('3');
  });
});
