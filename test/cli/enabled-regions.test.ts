import { AccessDeniedException, AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { enabledRegions, RegionListError } from '../../lib/cli/enabled-regions';

describe('enabledRegions', () => {
  const account = mockClient(AccountClient);
  const client = new AccountClient({ region: 'us-east-1' });
  beforeEach(() => account.reset());

  it('reads every page and returns the enabled regions sorted when ListRegions pages with NextToken', async () => {
    account
      .on(ListRegionsCommand, { NextToken: undefined })
      .resolves({ Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' }], NextToken: 'page-2' })
      .on(ListRegionsCommand, { NextToken: 'page-2' })
      .resolves({ Regions: [{ RegionName: 'ap-southeast-2', RegionOptStatus: 'ENABLED_BY_DEFAULT' }] });
    expect(await enabledRegions(client)).toEqual(['ap-southeast-2', 'eu-south-1', 'us-east-1']);
    const calls = account.commandCalls(ListRegionsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] });
    expect(calls[0]).not.toHaveProperty('AccountId');
  });

  it('leaves out opt-in regions not enabled when the answer holds DISABLED, ENABLING or DISABLING ones', async () => {
    account.on(ListRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
        { RegionName: 'af-south-1', RegionOptStatus: 'DISABLED' },
        { RegionName: 'me-central-1', RegionOptStatus: 'ENABLING' },
        { RegionName: 'eu-south-2', RegionOptStatus: 'DISABLING' },
      ],
    });
    expect(await enabledRegions(client)).toEqual(['us-east-1']);
  });

  it('throws a denied RegionListError when the caller lacks account:ListRegions', async () => {
    account.on(ListRegionsCommand).rejects(new AccessDeniedException({ message: 'User: arn:aws:iam::123456789012:user/audit is not authorized to perform: account:ListRegions', $metadata: {} }));
    const e = await enabledRegions(client).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegionListError);
    expect((e as RegionListError).denied).toBe(true);
  });

  it('throws a RegionListError that is not denied when ListRegions is throttled past retries', async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const e = await enabledRegions(client).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegionListError);
    expect((e as RegionListError).denied).toBe(false);
  });

  it('throws rather than reading nowhere when ListRegions names no enabled region', async () => {
    account.on(ListRegionsCommand).resolves({ Regions: [] });
    await expect(enabledRegions(client)).rejects.toThrow(/no enabled region/);
  });
});
