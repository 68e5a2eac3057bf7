import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lambdaPlugins } from '../../lib/aws/lambda-bundling';
import { importedSdkServices, sdkClientServices, xrayWhitelist } from '../../lib/aws/xray-whitelist';
import { PROJECT_ROOT } from '../../lib/constructs/tally-function';
import { bundleSnippet } from '../support/bundle-snippet';
import { once } from '../support/once';

/** What the X-Ray SDK records of a DynamoDB and an S3 call (the whitelist's two largest services). */
const SNIPPET = `
import Aws from 'aws-xray-sdk-core/dist/lib/segments/attributes/aws.js';
const call = (operation, params) => ({ request: { operation, params, httpRequest: { region: 'us-east-1' } }, requestId: 'r' });
const { table_name } = new Aws(call('putItem', { TableName: 'approvals' }), 'dynamodb');
const { bucket_name, key } = new Aws(call('copyObject', { Bucket: 'b', Key: 'k' }), 's3');
console.log(JSON.stringify({ table_name, bucket_name, key }));
`;

describe('sdkClientServices', () => {
  it('names the service of each SDK v3 client a package depends on as the X-Ray SDK names it', () => {
    const deps = { '@aws-sdk/client-dynamodb': '^3', '@aws-sdk/client-sagemaker-runtime': '^3', '@aws-sdk/lib-dynamodb': '^3', zod: '^4' };
    expect(sdkClientServices({ dependencies: deps })).toEqual(['dynamodb', 'sagemakerruntime']);
  });
});

describe('importedSdkServices', () => {
  it('names the services of the clients a handler imports through its modules, and no other client Tally depends on', () => {
    expect(importedSdkServices(join(PROJECT_ROOT, 'lambdas/evidence-export.ts'))).toEqual(expect.arrayContaining(['kms', 's3']));
    const event = importedSdkServices(join(PROJECT_ROOT, 'lambdas/cloudtrail-event.ts'));
    expect(event).toEqual(expect.arrayContaining(['dynamodb', 'iam', 'securityhub']));
    expect(event).not.toContain('s3');
  });
});

/** The snippet bundled with a DynamoDB-only whitelist, once (and run once) for the tests that read it. */
const dynamoOnly = once(() => bundleSnippet(SNIPPET, [xrayWhitelist(['dynamodb'])]));

describe('xrayWhitelist', () => {
  it('keeps what the X-Ray SDK records of a call when its service is one of those given', async () => {
    const bundle = await dynamoOnly();
    expect(JSON.parse(bundle.run())).toMatchObject({ table_name: 'approvals' });
  });

  it('bundles no whitelist entry for a service not given when the X-Ray SDK is bundled', async () => {
    const bundle = await dynamoOnly();
    expect(bundle.code).not.toContain('abortMultipartUpload');
    expect(JSON.parse(bundle.run())).toEqual({ table_name: 'approvals' });
  });

  it('keeps the entries of the services given (DynamoDB, S3) and drops the others (SQS) when bundled with every handler plugin', async () => {
    const withSqs = `${SNIPPET.replace('console.log', '// ')}
const { queue_url } = new Aws(call('sendMessage', { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }), 'sqs');
console.log(JSON.stringify({ table_name, bucket_name, key, queue_url }));
`;
    const bundle = await bundleSnippet(withSqs, lambdaPlugins(['dynamodb', 's3']));
    expect(bundle.code).not.toContain('changeMessageVisibilityBatch');
    expect(JSON.parse(bundle.run())).toEqual({ table_name: 'approvals', bucket_name: 'b', key: 'k' });
  });
});
