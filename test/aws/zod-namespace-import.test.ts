import { describe, expect, it } from 'vitest';
import { rewriteZodNamedImport, zodNamespaceImport } from '../../lib/aws/zod-namespace-import';
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

describe('zodNamespaceImport', () => {
  it('bundles neither zod’s JSON Schema reader nor its compiler when a module imports the named z but uses neither', async () => {
    const bundle = await bundleSnippet("import { z } from 'zod';\nconsole.log(z.string().safeParse(1).success);", [zodNamespaceImport()]);
    expect(bundle.inputs.filter((p) => /zod[\\/]v4[\\/](classic[\\/]from-json-schema|core[\\/]compile)\.js$/.test(p))).toEqual([]);
    expect(bundle.run()).toBe('false');
  });
});
