import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { LambdaConfig } from '../config/lambda-config';
import { FindingsLedger } from '../sinks/findings-ledger';
import { SecurityHubSink } from '../sinks/security-hub';
import { cacheSuccess } from './cache-success';
import type { LambdaClients } from './clients';

/**
 * The Security Hub sink of an event-driven handler, built on first use: it needs the account id,
 * which the caller may pass (the function ARN's account: one function serves one account) or one
 * successful STS call per container answers; a failed call is retried on the next use.
 * Undefined when Security Hub is switched off.
 */
export function lazySecurityHub(config: LambdaConfig, clients: LambdaClients): (accountId?: string) => Promise<SecurityHubSink | undefined> {
  let known: string | undefined;
  const sink = cacheSuccess(async () => {
    const Account = known ?? (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
    if (!Account) throw new Error('GetCallerIdentity returned no Account');
    return new SecurityHubSink({
      client: clients.securityHub,
      ledger: new FindingsLedger({ client: clients.dynamo, tableName: config.ledgerTable }),
      ctx: { region: config.region ?? 'us-east-1' },
      accountId: Account,
    });
  });
  return async (accountId) => {
    if (!config.securityHub) return undefined;
    known ??= accountId;
    return sink();
  };
}
