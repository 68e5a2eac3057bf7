import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TallyError } from '../errors/tally-error';
import type { BundleSink } from './bundle';

/** A bundle file S3 did not store. */
export class EvidenceWriteError extends TallyError {
  override readonly name = 'EvidenceWriteError';
}

/**
 * Writes bundles to `s3://<bucket>/<prefix><period>/<file>` with PutObject. Each upload carries its
 * SHA-256 (ChecksumSHA256, base64), so S3 refuses a body that changed on the way.
 */
export function s3Sink(s3: S3Client, bucket: string, prefix = ''): BundleSink {
  return {
    async write(folder, path, bytes, contentType) {
      const Key = `${prefix}${folder}/${path}`;
      try {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key, Body: bytes, ContentType: contentType, ChecksumSHA256: createHash('sha256').update(bytes).digest('base64') }),
        );
      } catch (cause) {
        throw new EvidenceWriteError(`PutObject s3://${bucket}/${Key} failed`, { bucket, key: Key }, { cause });
      }
    },
  };
}
