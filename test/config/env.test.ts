import { describe, expect, it } from 'vitest';
import { ConfigError, readSharedConfig } from '../../lib/config/env';

describe('readSharedConfig', () => {
  it('reads region, endpoint and table names', () => {
    expect(
      readSharedConfig({ AWS_DEFAULT_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', TALLY_APPROVALS_TABLE: 'approvals' }),
    ).toEqual({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', approvalsTable: 'approvals', noColor: false });
  });

  it('prefers AWS_REGION over AWS_DEFAULT_REGION', () => {
    expect(readSharedConfig({ AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('us-east-1');
  });

  it('names the variable when the endpoint is not a URL', () => {
    expect(() => readSharedConfig({ AWS_ENDPOINT_URL: 'localhost:4566' })).toThrow(ConfigError);
    expect(() => readSharedConfig({ AWS_ENDPOINT_URL: 'localhost:4566' })).toThrow(/^AWS_ENDPOINT_URL: /);
  });
});
