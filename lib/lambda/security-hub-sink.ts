import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { LambdaConfig } from '../config/lambda-config';
import { FindingsLedger } from '../sinks/findings-ledger';
import { SecurityHubSink } from '../sinks/security-hub';
import type { LambdaClients } from './clients';

/**
 * The Security Hub sink of an event-driven handler, built on first use: it needs the account id
 * (STS), which one call per container answers. Undefined when Security Hub is switched off.
 */
export function lazySecurityHub(config: LambdaConfig, clients: LambdaClients): () => Promise<SecurityHubSink | undefined> {
  let sink: Promise<SecurityHubSink> | undefined;
  return async () => {
    if (!config.securityHub) return undefined;
    sink ??= clients.sts.send(new GetCallerIdentityCommand({})).then(
      ({ Account }) =>
        new SecurityHubSink({
          client: clients.securityHub,
          ledger: new FindingsLedger({ client: clients.dynamo, tableName: config.ledgerTable }),
          ctx: { region: config.region ?? 'us-east-1' },
          accountId: Account!,
        }),
    );
    return sink;
  };
}
