import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/** zod's classic schemas (`zod/v4/classic/schemas.js`), by the tail of their resolved path. */
const ZOD_CLASSIC_SCHEMAS = /[\\/]zod[\\/]v4[\\/]classic[\\/]schemas\.js$/;

/** The two modules of zod's JSON Schema generation, as the classic schemas import them. */
const JSON_SCHEMA_IMPORT = /^\.\.\/core\/(?:json-schema-processors|to-json-schema)\.js$/;

/** What each generator is named in those modules: a type's processor, and the methods schemas expose. */
const GENERATOR_EXPORT = /export\s+(?:const|function)\s+(\w+Processor|create\w*JSONSchemaMethod)\b/g;

const NAMESPACE = 'zod-no-json-schema';

/** The message of the error a bundled schema throws when asked for its JSON Schema. */
export const NO_JSON_SCHEMA = 'zod JSON Schema generation is not bundled in Tally Lambda handlers (lib/aws/zod-no-json-schema.ts)';

/** The module standing in for `real` (its source `source`) when the classic schemas import it. */
function standIn(real: string, source: string): string {
  const names = [...new Set([...source.matchAll(GENERATOR_EXPORT)].map((m) => m[1]!))];
  const declarations = names.map((name) => `export const ${name} = ${name.endsWith('Processor') ? 'off' : '() => off'};`);
  return [
    `export * from ${JSON.stringify(`./${basename(real)}`)};`,
    `const off = () => { throw new Error(${JSON.stringify(NO_JSON_SCHEMA)}); };`,
    ...declarations,
    '',
  ].join('\n');
}

/**
 * An esbuild plugin leaving zod's JSON Schema generation (`toJSONSchema()` and the Standard JSON
 * Schema methods of `~standard`) out of handler bundles: every zod type wires its JSON Schema
 * processor into each schema it builds, so esbuild keeps all of them and the generator, about
 * 18 kB of a handler bundle, although no handler generates a JSON Schema.
 *
 * The classic schemas get, for these two modules, stand-ins re-exporting the originals with each
 * processor and method replaced by one throwing {@link NO_JSON_SCHEMA}; the other exports
 * (`aggregateChecks`, behind `minLength`, `format` and the like) are zod's own. Parsing never calls
 * a processor, so validation and its messages are unchanged.
 */
export function zodNoJsonSchema(): Plugin {
  return {
    name: NAMESPACE,
    setup(build) {
      build.onResolve({ filter: JSON_SCHEMA_IMPORT }, async (args) => {
        if (!ZOD_CLASSIC_SCHEMAS.test(args.importer) || (args.pluginData as { real?: true } | undefined)?.real) return undefined;
        const real = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { real: true } });
        return real.errors.length > 0 ? undefined : { path: real.path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => ({
        contents: standIn(args.path, await readFile(args.path, 'utf8')),
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
