import { describe, expect, it } from 'vitest';
import { readLambdaConfig } from '../../lib/config/lambda-config';
import { lambdaClients } from '../../lib/lambda-support/clients';

const ENV = { AWS_REGION: 'us-east-1', TALLY_APPROVALS_TABLE: 'approvals', TALLY_LEDGER_TABLE: 'ledger', TALLY_AUDIT_TABLE: 'audit' };

describe('lambdaClients: Secrets Manager per region', () => {
  it('builds one client per region, reused, and the default client for the function’s region', async () => {
    const clients = lambdaClients(readLambdaConfig(ENV));
    const euWest = clients.secretsIn('eu-west-1');
    expect(await euWest.config.region()).toBe('eu-west-1');
    expect(clients.secretsIn('eu-west-1')).toBe(euWest);
    expect(clients.secretsIn('us-east-1')).toBe(clients.secrets);
  });

  it('sends every region’s client to AWS_ENDPOINT_URL when one is set', async () => {
    const clients = lambdaClients(readLambdaConfig({ ...ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }));
    const endpoint = await clients.secretsIn('ap-southeast-2').config.endpoint?.();
    expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 4566 });
  });
});
