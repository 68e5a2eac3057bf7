import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CallCounter, countCalls } from '../../lib/aws/call-counter';
import { clientConfig } from '../../lib/aws/client-config';

describe('countCalls', () => {
  it('counts each call by operation name when the client is mocked', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    mockClient(iam).on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
    const counter = new CallCounter();
    const counted = countCalls(iam, counter);
    await counted.send(new ListAccessKeysCommand({ UserName: 'a' }));
    await counted.send(new ListAccessKeysCommand({ UserName: 'b' }));
    expect(counter.byOperation()).toEqual({ ListAccessKeys: 2 });
    expect(counter.total).toBe(2);
  });
});

describe('clientConfig', () => {
  it('passes an AWS-compatible endpoint through and retries adaptively', () => {
    expect(clientConfig({ endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1' })).toEqual({
      endpoint: 'http://127.0.0.1:4566',
      region: 'eu-west-1',
      retryMode: 'adaptive',
      maxAttempts: 8,
    });
    expect(clientConfig()).toEqual({ retryMode: 'adaptive', maxAttempts: 8 });
  });
});
