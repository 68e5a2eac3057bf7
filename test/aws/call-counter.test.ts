import { GetAccountAuthorizationDetailsCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
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

  it('names each call service:Operation from the SDK operation, not the class name, when a bundler renamed the class', async () => {
    // esbuild renames a class whose name clashes in the bundle: `GetAccountAuthorizationDetailsCommand2`.
    const Renamed = class GetAccountAuthorizationDetailsCommand2 extends GetAccountAuthorizationDetailsCommand {};
    const iam = new IAMClient({ region: 'us-east-1' });
    const sm = new SecretsManagerClient({ region: 'us-east-1' });
    mockClient(iam).on(GetAccountAuthorizationDetailsCommand).resolves({ IsTruncated: false });
    mockClient(sm).on(ListSecretsCommand).resolves({ SecretList: [] });
    const counter = new CallCounter();
    await countCalls(iam, counter).send(new Renamed({}));
    await countCalls(sm, counter).send(new ListSecretsCommand({}));
    expect(counter.byAction()).toEqual({ 'iam:GetAccountAuthorizationDetails': 1, 'secretsmanager:ListSecrets': 1 });
    expect(counter.byOperation()).toEqual({ GetAccountAuthorizationDetails: 1, ListSecrets: 1 });
  });

  it('names a DynamoDB document client command by its underlying DynamoDB operation', () => {
    const counter = new CallCounter();
    counter.record(new QueryCommand({ TableName: 't', KeyConditionExpression: 'k = :k' }));
    expect(counter.byAction()).toEqual({ 'dynamodb:Query': 1 });
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
