import { AccountClient } from '@aws-sdk/client-account';
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

  private chosen: { region?: string; profile?: string } = {};

  constructor(private readonly config: SharedConfig) {}

  /**
   * The region and profile of a command's flags (`--region`, `--profile`), over the environment's.
   * Set before the first client is made: clients made earlier keep what they were made with.
   */
  use(chosen: { region?: string; profile?: string }): void {
    this.chosen = chosen;
  }

  private once<T extends Sendable>(name: string, make: () => T): T {
    if (!this.cache.has(name)) this.cache.set(name, countCalls(make(), this.calls));
    return this.cache.get(name) as T;
  }

  private settings(region = this.chosen.region ?? this.config.region) {
    const profile = this.chosen.profile;
    return clientConfig({ ...(region ? { region } : {}), ...(profile ? { profile } : {}), ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}) });
  }

  iam = () => this.once('iam', () => new IAMClient(this.settings()));
  /** Account Management (`--regions all` lists the account's enabled regions with it). */
  account = () => this.once('account', () => new AccountClient(this.settings()));
  secrets = () => this.once('secrets', () => new SecretsManagerClient(this.settings()));
  /** Secrets Manager of `region` (the sweep reads secrets in every region of `--regions`). */
  secretsIn = (region: string) => this.once(`secrets:${region}`, () => new SecretsManagerClient(this.settings(region)));
  sts = () => this.once('sts', () => new STSClient(this.settings()));
  securityHub = () => this.once('securityhub', () => new SecurityHubClient(this.settings()));
  events = () => this.once('events', () => new EventBridgeClient(this.settings()));
  dynamo = () =>
    this.once('dynamo', () => DynamoDBDocumentClient.from(new DynamoDBClient(this.settings()), { marshallOptions: { removeUndefinedValues: true } }));
}
