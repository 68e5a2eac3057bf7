import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digest, MANIFEST_FILE, parseManifest, SIGNATURE_FILE, type Manifest } from './manifest';
import type { ManifestVerifier } from './signing';

/** One thing wrong with a bundle, by the file it is about. */
export interface BundleProblem {
  file: string;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  problems: BundleProblem[];
  manifest?: Manifest;
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Whether the manifest's signature holds, or why not. */
async function signatureProblem(dir: string, bytes: Buffer, manifest: Manifest, verifier: ManifestVerifier): Promise<string | undefined> {
  const sig = await readOptional(join(dir, SIGNATURE_FILE));
  if (sig === undefined) return `${SIGNATURE_FILE} is missing: the manifest is not signed`;
  if (manifest.signer.type === 'local' && verifier.keyId.startsWith('sha256:') && manifest.signer.keyId !== verifier.keyId) {
    return `signed by key ${manifest.signer.keyId}, not by the given key ${verifier.keyId}`;
  }
  const valid = await verifier.verify(bytes, Buffer.from(sig.toString('utf8').trim(), 'base64'));
  return valid ? undefined : `the signature in ${SIGNATURE_FILE} does not match: the manifest was edited or replaced`;
}

/**
 * Checks a bundle folder: the manifest's signature with `verifier`, then every file against the
 * manifest's digest. Names each file that changed, is missing, or is not in the manifest.
 */
export async function verifyBundle(dir: string, verifier: ManifestVerifier): Promise<VerifyResult> {
  const bytes = await readOptional(join(dir, MANIFEST_FILE));
  if (bytes === undefined) return { ok: false, problems: [{ file: MANIFEST_FILE, problem: 'missing: not an evidence bundle folder' }] };
  const manifest = parseManifest(bytes);
  if (!manifest) return { ok: false, problems: [{ file: MANIFEST_FILE, problem: 'not a Tally evidence manifest (edited or corrupt)' }] };
  const problems: BundleProblem[] = [];
  const bad = await signatureProblem(dir, bytes, manifest, verifier);
  if (bad) problems.push({ file: MANIFEST_FILE, problem: bad });
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const content = await readOptional(join(dir, f.path));
    if (content === undefined) problems.push({ file: f.path, problem: 'missing' });
    else if (digest(content) !== f.sha256) problems.push({ file: f.path, problem: `changed: SHA-256 ${digest(content)}, manifest says ${f.sha256}` });
  }
  for (const name of (await readdir(dir)).sort()) {
    if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) problems.push({ file: name, problem: 'not in the manifest (added after signing)' });
  }
  return { ok: problems.length === 0, problems, manifest };
}
