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

/**
 * The sweep's clients plus the plain DynamoDB client Powertools idempotency takes, and a Secrets
 * Manager client per region: a secret lives in one region, and an event may name any.
 */
export type LambdaClients = LiveSweepClients & { dynamoDb: DynamoDBClient; secretsIn(region: string): SecretsManagerClient };

/** Client settings of every handler's SDK clients: the configured region and endpoint. */
export function lambdaClientConfig(config: LambdaConfig, region = config.region) {
  return clientConfig({ ...(region ? { region } : {}), ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
}

/** SDK clients for a handler, created once per container (per region for Secrets Manager) and traced. */
export function lambdaClients(config: LambdaConfig): LambdaClients {
  const settings = (region?: string) => lambdaClientConfig(config, region);
  const traced = <C>(client: C): C => tracer.captureAWSv3Client(client);
  const dynamoDb = traced(new DynamoDBClient(settings()));
  const secrets = traced(new SecretsManagerClient(settings()));
  const byRegion = new Map<string, SecretsManagerClient>(config.region ? [[config.region, secrets]] : []);
  const secretsIn = (region: string): SecretsManagerClient => {
    let client = byRegion.get(region);
    if (!client) byRegion.set(region, (client = traced(new SecretsManagerClient(settings(region)))));
    return client;
  };
  return {
    dynamoDb,
    iam: traced(new IAMClient(settings())),
    secrets,
    secretsIn,
    sts: traced(new STSClient(settings())),
    securityHub: traced(new SecurityHubClient(settings())),
    events: traced(new EventBridgeClient(settings())),
    dynamo: DynamoDBDocumentClient.from(dynamoDb, { marshallOptions: { removeUndefinedValues: true } }),
  };
}
