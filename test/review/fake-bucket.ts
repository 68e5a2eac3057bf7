import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { AwsStub } from 'aws-sdk-client-mock';

/**
 * An S3 bucket in memory behind aws-sdk-client-mock, with the documented conditional-write answers
 * (S3 User Guide, "conditional writes"): `If-None-Match: *` on an existing key and `If-Match` with
 * another ETag fail with 412 PreconditionFailed; GetObject of a missing key is NoSuchKey (404, the
 * answer to a role that holds s3:ListBucket). `beforePut` lets a test put a concurrent writer in between.
 */
export function fakeBucket(s3: AwsStub<any, any, any>) {
  const objects = new Map<string, { body: string; etag: string }>();
  let n = 0;
  const hooks: { beforePut?: (key: string) => void } = {};
  const precondition = () =>
    new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'At least one of the pre-conditions you specified did not hold' });
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string; IfMatch?: string; IfNoneMatch?: string }) => {
    hooks.beforePut?.(input.Key);
    const found = objects.get(input.Key);
    if (input.IfNoneMatch === '*' && found) throw precondition();
    if (input.IfMatch !== undefined && found?.etag !== input.IfMatch) throw precondition();
    const etag = `"etag-${++n}"`;
    objects.set(input.Key, { body: String(input.Body), etag });
    return { ETag: etag };
  });
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const found = objects.get(input.Key);
    if (!found) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    return { Body: { transformToString: async () => found.body }, ETag: found.etag, ContentType: 'application/json' };
  });
  return {
    objects,
    hooks,
    json: <T>(key: string) => JSON.parse(objects.get(key)!.body) as T,
    puts: () => s3.commandCalls(PutObjectCommand).length,
  };
}

export { S3Client };
