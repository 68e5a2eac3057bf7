import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, KMSInvalidSignatureException, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBundle } from '../../lib/evidence/bundle';
import { fsSink } from '../../lib/evidence/fs-sink';
import { s3Sink } from '../../lib/evidence/s3-sink';
import { kmsSigner, kmsVerifier } from '../../lib/evidence/signing';
import { verifyBundle } from '../../lib/evidence/verify-bundle';
import { PERIOD, sampleData } from './sample-data';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** A DER ECDSA signature as KMS returns it (SEQUENCE of r and s); its value is KMS's business, not ours. */
const SIGNATURE = Buffer.from('3044022047a0c0e1c3b0a1d1d3e6f5a9b2c4d6e8f0a1b3c5d7e9f0a2b4c6d8e0f1a3b5c702205c2f6e9a1b3d5f7a9c0e2f4a6b8d0e1f3a5c7e9b0d2f4a6c8e0b1d3f5a7c9e0', 'hex');
const kms = mockClient(KMSClient);
const s3 = mockClient(S3Client);
const made: string[] = [];

beforeEach(() => {
  kms.reset();
  s3.reset();
  kms.on(SignCommand).resolves({ KeyId: KEY_ARN, SigningAlgorithm: 'ECDSA_SHA_256', Signature: new Uint8Array(SIGNATURE) });
});
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tmp() {
  const d = await mkdtemp(join(tmpdir(), 'tally-kms-'));
  made.push(d);
  return d;
}

describe('KMS signing', () => {
  it('sends the manifest digest to KMS Sign as MessageType DIGEST with ECDSA_SHA_256 when a bundle is signed with a KMS key', async () => {
    const root = await tmp();
    const w = await writeBundle(sampleData(), PERIOD, '2026-11-01T01:00:00.000Z', kmsSigner(new KMSClient({ region: 'us-east-1' }), KEY_ARN), fsSink(root));
    const calls = kms.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ KeyId: KEY_ARN, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(input.Message).toHaveLength(32);
    expect(w.manifest.signer).toEqual({ type: 'kms', keyId: KEY_ARN, algorithm: 'ECDSA_SHA_256' });
    expect((await readFile(join(root, w.folder, 'manifest.sig'), 'utf8')).trim()).toBe(SIGNATURE.toString('base64'));
    const manifest = await readFile(join(root, w.folder, 'manifest.json'));
    expect(Buffer.from(input.Message!)).toEqual(createHash('sha256').update(manifest).digest());
  });

  it('verifies with KMS Verify and names the manifest when KMS answers KMSInvalidSignatureException', async () => {
    const root = await tmp();
    const client = new KMSClient({ region: 'us-east-1' });
    const w = await writeBundle(sampleData(), PERIOD, '2026-11-01T01:00:00.000Z', kmsSigner(client, KEY_ARN), fsSink(root));
    kms.on(VerifyCommand).resolves({ KeyId: KEY_ARN, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256' });
    expect((await verifyBundle(join(root, w.folder), kmsVerifier(client, KEY_ARN))).ok).toBe(true);
    const verify = kms.commandCalls(VerifyCommand)[0]!.args[0].input;
    expect(verify).toMatchObject({ KeyId: KEY_ARN, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(Buffer.from(verify.Message!)).toEqual(createHash('sha256').update(await readFile(join(root, w.folder, 'manifest.json'))).digest());
    expect(Buffer.from(verify.Signature!)).toEqual(SIGNATURE);

    kms.on(VerifyCommand).rejects(new KMSInvalidSignatureException({ message: 'Signature verification failed', $metadata: {} }));
    const r = await verifyBundle(join(root, w.folder), kmsVerifier(client, KEY_ARN));
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file)).toEqual(['manifest.json']);
  });
});

describe('s3Sink', () => {
  it('puts every file under the period prefix with its SHA-256, the signature last, when the bundle goes to S3', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"6805f2cfc46c0f04559748bb039d69ae"', ChecksumSHA256: 'x' });
    await writeBundle(sampleData(), PERIOD, '2026-11-01T01:00:00.000Z', kmsSigner(new KMSClient({ region: 'us-east-1' }), KEY_ARN), s3Sink(new S3Client({ region: 'us-east-1' }), 'evidence-bucket', 'tally/'));
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key)).toEqual([
      'tally/2026-10-01_2026-11-01/findings.jsonl',
      'tally/2026-10-01_2026-11-01/approvals.jsonl',
      'tally/2026-10-01_2026-11-01/actions.jsonl',
      'tally/2026-10-01_2026-11-01/review-decisions.jsonl',
      'tally/2026-10-01_2026-11-01/report.html',
      'tally/2026-10-01_2026-11-01/manifest.json',
      'tally/2026-10-01_2026-11-01/manifest.sig',
    ]);
    for (const p of puts) {
      expect(p.Bucket).toBe('evidence-bucket');
      expect(p.ChecksumSHA256).toBe(createHash('sha256').update(p.Body as Buffer).digest('base64'));
    }
    expect(puts.find((p) => p.Key!.endsWith('report.html'))!.ContentType).toBe('text/html; charset=utf-8');
  });

  it('names the object when S3 refuses a PutObject', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(
      writeBundle(sampleData(), PERIOD, '2026-11-01T01:00:00.000Z', kmsSigner(new KMSClient({ region: 'us-east-1' }), KEY_ARN), s3Sink(new S3Client({ region: 'us-east-1' }), 'evidence-bucket')),
    ).rejects.toThrow('PutObject s3://evidence-bucket/2026-10-01_2026-11-01/findings.jsonl failed');
  });
});
