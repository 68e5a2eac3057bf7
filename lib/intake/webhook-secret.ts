import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { cacheSuccess } from '../lambda-support/cache-success';
import { TallyError } from '../errors/tally-error';

/**
 * The webhook's shared secret, read once per container (a failed read is not kept: the next
 * request tries again). The construct generates it; rotate it by putting a new value and letting
 * containers recycle, or redeploy.
 */
export function webhookSecret(client: SecretsManagerClient, secretId: string): () => Promise<string> {
  return cacheSuccess(async () => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!out.SecretString) throw new TallyError('webhook secret has no SecretString', { secretId });
    return out.SecretString;
  });
}
