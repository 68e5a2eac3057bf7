import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleSink } from './bundle';

/** Writes bundles under `root`: `<root>/<period>/<file>`, replacing a bundle of the same period. */
export function fsSink(root: string): BundleSink {
  return {
    async write(folder, path, bytes) {
      await mkdir(join(root, folder), { recursive: true });
      await writeFile(join(root, folder, path), bytes);
    },
  };
}
