import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'snapshot');
export const CLI_EXPORT = join(FIXTURES, 'cli-export');
export const SDK_PAGES = join(FIXTURES, 'sdk-pages');

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * A temporary snapshot directory: optionally a copy of a fixture directory, plus extra files
 * (objects are written as JSON). Removed after each test.
 */
export async function snapshotDir(files: Record<string, string | object>, copyOf?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-snapshot-'));
  made.push(dir);
  if (copyOf) await cp(copyOf, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
