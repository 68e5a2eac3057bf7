import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('lib/core', () => {
  const files = sources(join(__dirname, '../../lib/core'));

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(f.indexOf('lib/core')), f]))('%s imports no AWS SDK, Lambda types, fs or environment', (_, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/from ['"](@aws-sdk|aws-lambda|aws-cdk-lib|node:fs|fs|node:child_process)/);
    expect(text).not.toMatch(/process\.env/);
    expect(text).not.toMatch(/Date\.now\(\)|new Date\(\)/);
  });

  it('registers one rule per finding type', async () => {
    const { RULES } = await import('../../lib/core/rules');
    const { FINDING_TYPES } = await import('../../lib/core/finding');
    expect(RULES.map((r) => r.id).sort()).toEqual([...FINDING_TYPES].sort());
  });
});
