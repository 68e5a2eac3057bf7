import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig } from '../aws/client-config';
import type { LambdaConfig } from '../config/lambda-config';
import type { LiveSweepClients } from '../sweep/live-sweep';
import { tracer } from './observability';

/** The sweep's clients plus the plain DynamoDB client Powertools idempotency takes. */
export type LambdaClients = LiveSweepClients & { dynamoDb: DynamoDBClient };

/** SDK clients for a handler, created once per container and traced. */
export function lambdaClients(config: LambdaConfig): LambdaClients {
  const settings = clientConfig({ ...(config.region ? { region: config.region } : {}), ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
  const traced = <C>(client: C): C => tracer.captureAWSv3Client(client);
  const dynamoDb = traced(new DynamoDBClient(settings));
  return {
    dynamoDb,
    iam: traced(new IAMClient(settings)),
    secrets: traced(new SecretsManagerClient(settings)),
    sts: traced(new STSClient(settings)),
    securityHub: traced(new SecurityHubClient(settings)),
    events: traced(new EventBridgeClient(settings)),
    dynamo: DynamoDBDocumentClient.from(dynamoDb, { marshallOptions: { removeUndefinedValues: true } }),
  };
}
