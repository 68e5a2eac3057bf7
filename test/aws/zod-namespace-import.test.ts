import { describe, expect, it } from 'vitest';
import { rewriteZodNamedImport, rewriteZodUtilImport, zodNamespaceImport } from '../../lib/aws/zod-namespace-import';
import { bundleSnippet } from '../support/bundle-snippet';

describe('rewriteZodNamedImport', () => {
  it('imports zod as a namespace when a module imports the named z', () => {
    expect(rewriteZodNamedImport("import { z } from 'zod';\nz.string();")).toBe("import * as z from 'zod';\nz.string();");
  });

  it('keeps the other names in their own import when they come with z', () => {
    expect(rewriteZodNamedImport('import { type ZodType, z } from "zod";')).toBe('import * as z from "zod"; import { type ZodType } from "zod";');
  });

  it('leaves a module alone when it imports no value z from zod', () => {
    for (const source of ["import type { z } from 'zod';", "import { ZodError } from 'zod';", "import { z } from 'zod/mini';", "import { z } from './zod';"]) {
      expect(rewriteZodNamedImport(source)).toBeUndefined();
    }
  });
});

describe('rewriteZodUtilImport', () => {
  it('imports zod’s util module as a namespace when zod’s classic schemas import util by name', () => {
    expect(rewriteZodUtilImport('import * as core from "../core/index.js";\nimport { util } from "../core/index.js";\nutil.hide(a); core.util.constantCatch(b); core.clone(c);')).toBe(
      'import * as core from "../core/index.js";\nimport * as util from "../core/util.js";\nutil.hide(a); util.constantCatch(b); core.clone(c);',
    );
  });

  it('leaves a module alone when it does not import util by name from zod’s core index', () => {
    expect(rewriteZodUtilImport('import * as core from "../core/index.js";\ncore.util.hide(a);')).toBeUndefined();
  });
});

describe('zodNamespaceImport', () => {
  it('bundles neither zod’s JSON Schema reader nor its compiler when a module imports the named z but uses neither', async () => {
    const bundle = await bundleSnippet("import { z } from 'zod';\nconsole.log(z.string().safeParse(1).success);", [zodNamespaceImport()]);
    expect(bundle.inputs.filter((p) => /zod[\\/]v4[\\/](classic[\\/]from-json-schema|core[\\/]compile)\.js$/.test(p))).toEqual([]);
    expect(bundle.run()).toBe('false');
  });

  it('bundles only the util functions zod calls when zod’s classic schemas import its util namespace by name', async () => {
    const bundle = await bundleSnippet("import * as z from 'zod';\nconsole.log(z.object({ a: z.string() }).catch({ a: 'x' }).parse(1).a);", [zodNamespaceImport()]);
    // util.randomString, which no schema calls; a namespace imported by name is bundled whole (evanw/esbuild#1420).
    expect(bundle.code).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(bundle.run()).toBe('x');
  });
});
