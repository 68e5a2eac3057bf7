import { describe, expect, it } from 'vitest';
import { NO_JSON_SCHEMA, zodNoJsonSchema } from '../../lib/aws/zod-no-json-schema';
import { bundleSnippet } from '../support/bundle-snippet';
import { once } from '../support/once';

const SNIPPET = `
import * as z from 'zod';
const name = z.string().min(3).max(9);
const item = z.object({ name, count: z.number().int().min(1), tags: z.array(z.enum(['a', 'b'])).optional() });
const r = item.safeParse({ name: 'ab', count: 0 });
let jsonSchema;
try { item.toJSONSchema(); jsonSchema = 'generated'; } catch (e) { jsonSchema = e.message; }
let standard;
try { item['~standard'].jsonSchema.input({ target: 'draft-2020-12' }); standard = 'generated'; } catch (e) { standard = e.message; }
console.log(JSON.stringify({
  issues: r.error.issues.map((i) => [i.path.join('.'), i.message]),
  valid: item.parse({ name: 'abc', count: 2, tags: ['a'] }),
  minLength: name.minLength,
  maxLength: name.maxLength,
  standard: item['~standard'].validate({ name: 'abcd', count: 1 }),
  jsonSchema,
  standardJsonSchema: standard,
}));
`;

/** The snippet bundled with the plugin under test: built (and run) once for the tests that read it. */
const withPlugin = once(() => bundleSnippet(SNIPPET, [zodNoJsonSchema()]));

describe('zodNoJsonSchema', () => {
  it('bundles neither zod’s JSON Schema generator nor its per-type processors when a module builds and parses schemas', async () => {
    const bundle = await withPlugin();
    expect(bundle.code).not.toContain('cannot be represented in JSON Schema');
    expect(bundle.code).not.toContain('$defs');
  });

  it('keeps parsing, its English messages and the checks a schema reports when the bundle has no JSON Schema generation', async () => {
    const bundle = await withPlugin();
    const printed = JSON.parse(bundle.run()) as Record<string, unknown>;
    expect(printed).toMatchObject({
      issues: [
        ['name', 'Too small: expected string to have >=3 characters'],
        ['count', 'Too small: expected number to be >=1'],
      ],
      valid: { name: 'abc', count: 2, tags: ['a'] },
      minLength: 3,
      maxLength: 9,
      standard: { value: { name: 'abcd', count: 1 } },
    });
  });

  it('throws an error naming what was left out when a bundled schema is asked for its JSON Schema', async () => {
    const printed = JSON.parse((await withPlugin()).run()) as Record<string, unknown>;
    expect(printed).toMatchObject({ jsonSchema: NO_JSON_SCHEMA, standardJsonSchema: NO_JSON_SCHEMA });
  });

  it('keeps parsing and leaves out JSON Schema generation when bundled with every handler plugin', async () => {
    const bundle = await bundleSnippet(SNIPPET);
    expect(bundle.code).not.toContain('cannot be represented in JSON Schema');
    expect(JSON.parse(bundle.run())).toMatchObject({ valid: { name: 'abc', count: 2, tags: ['a'] }, minLength: 3, jsonSchema: NO_JSON_SCHEMA });
  });
});
