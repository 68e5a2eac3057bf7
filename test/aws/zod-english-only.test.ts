import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodEnglishOnly } from '../../lib/aws/zod-english-only';
import { bundleSnippet } from '../support/bundle-snippet';
import { once } from '../support/once';

const SNIPPET = `
import { z } from 'zod';
const r = z.object({ principalArn: z.string(), days: z.number().int().min(1) }).safeParse({ principalArn: 7, days: 0 });
console.log(JSON.stringify(r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])));
`;

/** The snippet bundled with the plugin under test, once for the tests that read it. */
const withPlugin = once(() => bundleSnippet(SNIPPET, [zodEnglishOnly()]));

describe('zodEnglishOnly', () => {
  it('bundles the en locale and no other when a module imports the named z (all of zod)', async () => {
    const bundle = await withPlugin();
    const locales = bundle.inputs.filter((p) => /zod[\\/]v4[\\/]locales[\\/](?!index\.js$)/.test(p)).map((p) => p.replace(/.*[\\/]/, ''));
    expect(locales).toEqual(['en.js']);
  });

  it('keeps the English messages naming each bad field when a bundled schema rejects an input', async () => {
    const bundle = await withPlugin();
    const expected = z.object({ principalArn: z.string(), days: z.number().int().min(1) }).safeParse({ principalArn: 7, days: 0 });
    const printed = JSON.parse(bundle.run()) as unknown;
    expect(printed).toEqual(expected.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(printed).toEqual([
      ['principalArn', 'Invalid input: expected string, received number'],
      ['days', 'Too small: expected number to be >=1'],
    ]);
  });

  it('keeps the same messages when bundled with every handler plugin', async () => {
    const bundle = await bundleSnippet(SNIPPET);
    expect(JSON.parse(bundle.run())).toEqual([
      ['principalArn', 'Invalid input: expected string, received number'],
      ['days', 'Too small: expected number to be >=1'],
    ]);
  });
});
