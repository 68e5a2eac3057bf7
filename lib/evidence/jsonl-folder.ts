import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { TallyError } from '../errors/tally-error';

/** A JSON lines file that holds something else than the records it should. */
export class EvidenceInputError extends TallyError {
  override readonly name = 'EvidenceInputError';
}

/** Every record of one JSON lines file, validated; a bad line names its file and line number. */
export async function readJsonLines<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  const lines = (await readFile(file, 'utf8')).split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new EvidenceInputError(`${file}:${i + 1}: not JSON`, { file, line: i + 1 });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new EvidenceInputError(`${file}:${i + 1}: ${parsed.error.issues[0]?.path.join('.') || 'record'}: ${parsed.error.issues[0]?.message}`, { file, line: i + 1 });
    out.push(parsed.data);
  }
  return out;
}

/**
 * Files under `dir` (itself and its direct subfolders, sorted) whose name passes `accept`: a folder
 * of earlier bundles (one subfolder per period) or of loose files both work.
 */
export async function filesIn(dir: string, accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isFile() && accept(e.name)) out.push(join(dir, e.name));
    if (e.isDirectory()) {
      for (const f of (await readdir(join(dir, e.name), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        if (f.isFile() && accept(f.name)) out.push(join(dir, e.name, f.name));
      }
    }
  }
  return out;
}
