import { describe, expect, it } from 'vitest';
import { decodePolicyDocument } from '../../lib/aws-shapes/policy-document';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::a b/%x' }] };

describe('decodePolicyDocument', () => {
  it('keeps a JSON object as the AWS CLI prints it', () => {
    expect(decodePolicyDocument(doc)).toEqual(doc);
  });

  it('decodes a URL-encoded document as the IAM API and SDK v3 return it', () => {
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
  });

  it('reads a plain JSON string without URL-decoding it (a % inside stays intact)', () => {
    expect(decodePolicyDocument(JSON.stringify(doc))).toEqual(doc);
  });

  it.each([['%7B%22broken'], ['%E0%A4%A'], ['[]'], [42], [null], [encodeURIComponent('"a string"')]])('rejects %j', (input) => {
    expect(decodePolicyDocument(input)).toBeUndefined();
  });
});
