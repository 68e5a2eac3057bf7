import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CallCounter, countCalls, type Sendable } from '../aws/call-counter';
import { clientConfig } from '../aws/client-config';
import type { SharedConfig } from '../config/env';

/**
 * SDK clients for the CLI, each created on first use with the configured region and endpoint, and
 * every call recorded in {@link calls} (one command runs per instance: its calls are the run's).
 */
export class AwsClients {
  readonly calls = new CallCounter();
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly config: SharedConfig) {}

  private once<T extends Sendable>(name: string, make: () => T): T {
    if (!this.cache.has(name)) this.cache.set(name, countCalls(make(), this.calls));
    return this.cache.get(name) as T;
  }

  private settings() {
    return clientConfig({ ...(this.config.region ? { region: this.config.region } : {}), ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}) });
  }

  iam = () => this.once('iam', () => new IAMClient(this.settings()));
  secrets = () => this.once('secrets', () => new SecretsManagerClient(this.settings()));
  sts = () => this.once('sts', () => new STSClient(this.settings()));
  securityHub = () => this.once('securityhub', () => new SecurityHubClient(this.settings()));
  events = () => this.once('events', () => new EventBridgeClient(this.settings()));
  dynamo = () =>
    this.once('dynamo', () => DynamoDBDocumentClient.from(new DynamoDBClient(this.settings()), { marshallOptions: { removeUndefinedValues: true } }));
}
