import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Period } from './period';
import type { SignerInfo } from './signing';

/** The manifest's file name and its detached signature's (base64 of the DER signature). */
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

const manifestSchema = z.object({
  format: z.literal('tally-evidence/1'),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  signer: z.object({ type: z.enum(['local', 'kms']), keyId: z.string().min(1), algorithm: z.literal('ECDSA_SHA_256') }),
  // Plain names only: a manifest never makes the verifier read outside the bundle folder.
  files: z.array(z.object({ path: z.string().regex(/^[A-Za-z0-9][\w.-]*$/), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() })),
});

/** What a bundle holds: every other file with its SHA-256 digest and size, and who signs it. */
export type Manifest = z.infer<typeof manifestSchema>;

/** Hex SHA-256 of a file's bytes. */
export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest of `files` (name → bytes), sorted by path. */
export function buildManifest(files: ReadonlyMap<string, Uint8Array>, period: Period, generatedAt: string, signer: SignerInfo): Manifest {
  const list = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, bytes]) => ({ path, sha256: digest(bytes), bytes: bytes.length }));
  return { format: 'tally-evidence/1', period, generatedAt, signer, files: list };
}

/** The exact bytes that are signed and written. */
export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(m, null, 2)}\n`);
}

/** A manifest read back; undefined when it is not one (the verifier says which file is broken). */
export function parseManifest(bytes: Buffer): Manifest | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
