import type { Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleSnippet } from './bundle-snippet';
import { once } from './once';

/** An X-Ray stub plugin under test (lib/aws/xray-stub.ts) and a snippet that reaches what it leaves out. */
export interface XrayStubCase {
  name: string;
  plugin: () => Plugin;
  /** ESM that prints, as its last line, a JSON array: each left-out call's outcome, then `typeof AWSXRay.captureAWSv3Client`. */
  snippet: string;
  /** The modules left out, by path. */
  leftOut: RegExp;
  /** What the left-out parts are, in test names. */
  what: string;
  /** The stub's error message. */
  message: string;
  /** How many left-out calls the snippet makes. */
  calls: number;
}

/** The checks every X-Ray stub plugin passes: left out, one stub, a named error, part of every handler bundle, and nothing without it. */
export function xrayStubSuite(c: XrayStubCase): void {
  const withPlugin = once(() => bundleSnippet(c.snippet, [c.plugin()]));
  describe(c.name, () => {
    it(`bundles none of the X-Ray SDK’s ${c.what}, and keeps the SDK v3 capture, when the X-Ray SDK is bundled`, async () => {
      const bundle = await withPlugin();
      expect(bundle.inputs.filter((p) => c.leftOut.test(p))).toEqual([]);
      expect(bundle.inputs.some((p) => /[\\/]patchers[\\/]aws3_p\.js$/.test(p))).toBe(true);
    });

    it(`bundles one stub for all the ${c.what} when the X-Ray SDK is bundled`, async () => {
      const bundle = await withPlugin();
      expect(bundle.code.split(c.message).length - 1).toBe(1);
    });

    it(`throws an error naming what was left out when a bundle calls into the ${c.what}`, async () => {
      const bundle = await withPlugin();
      expect(JSON.parse(bundle.run().split('\n').at(-1)!)).toEqual([...Array<string>(c.calls).fill(c.message), 'function']);
    });

    it(`leaves out the ${c.what} when bundled with every handler plugin`, async () => {
      const bundle = await bundleSnippet(c.snippet);
      expect(bundle.inputs.filter((p) => c.leftOut.test(p))).toEqual([]);
    });

    it(`bundles the ${c.what} when the plugin is not used`, async () => {
      const bundle = await bundleSnippet(c.snippet, []);
      expect(bundle.inputs.filter((p) => c.leftOut.test(p)).length).toBeGreaterThan(0);
    });
  });
}
