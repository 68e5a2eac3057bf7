import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { mockAccount, type AccountMocks } from '../../bench/account-mocks';
import { BENCH_NOW, syntheticInventory } from '../../bench/synthetic-account';
import { readLiveInventory } from '../../lib/inventory/live-inventory';
import { readPrincipal } from '../../lib/inventory/targeted-read';

describe('bench account mocks', () => {
  let account: AccountMocks | undefined;
  afterEach(() => account?.restore());
  const clients = () => ({ iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) });

  it('reads back the synthetic account through the product inventory reader when IAM and Secrets Manager are mocked from it', async () => {
    const inventory = syntheticInventory({ users: 60, roles: 15, groups: 4, secrets: 12 });
    account = mockAccount(inventory, new Date(Date.parse(BENCH_NOW) - 1_800_000));
    const live = await readLiveInventory(clients(), { now: new Date(BENCH_NOW), wait: { elapsedMs: () => 0, sleep: async () => undefined }, minRotationDays: 1 });
    expect(live.warnings).toEqual([]);
    const user = (u: (typeof inventory.users)[number]) => ({
      arn: u.arn, groups: u.groups, attachedPolicies: u.attachedPolicies, inline: u.inlinePolicies.map((p) => p.document),
      keys: u.accessKeys.map((k) => ({ slot: k.slot, active: k.active, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt })),
    });
    const byArn = (a: { arn: string }, b: { arn: string }) => (a.arn < b.arn ? -1 : 1);
    expect(live.inventory.users.map(user).sort(byArn)).toEqual(inventory.users.map(user).sort(byArn));
    // Some keys were never used (N/A in the report) and some users hold two.
    expect(inventory.users.some((u) => u.accessKeys.some((k) => !k.lastUsedAt))).toBe(true);
    expect(inventory.users.some((u) => u.accessKeys.length === 2)).toBe(true);
    const secret = (s: (typeof inventory.secrets)[number]) => ({ arn: s.arn, rotationEnabled: s.rotationEnabled, lastRotatedAt: s.lastRotatedAt, versionRead: s.lastRotatedAt ? undefined : s.currentVersionCreatedAt });
    expect(live.inventory.secrets.map(secret).sort(byArn)).toEqual(inventory.secrets.map(secret).sort(byArn));
    // Secrets without LastRotatedDate, rotation on and off: their version dates are read.
    const unrotated = inventory.secrets.filter((s) => !s.lastRotatedAt);
    expect(new Set(unrotated.map((s) => s.rotationEnabled))).toEqual(new Set([true, false]));
    expect(live.calls['secretsmanager:ListSecretVersionIds']).toBe(unrotated.length);
    expect(live.inventory.policies.map((p) => p.arn).sort()).toEqual(inventory.policies.map((p) => p.arn).sort());
  });

  it('answers the event path reads of a user with the same groups, policies and keys', async () => {
    const inventory = syntheticInventory({ users: 20, roles: 2, groups: 3, secrets: 2 });
    account = mockAccount(inventory, new Date(BENCH_NOW));
    const u = inventory.users.find((x) => x.accessKeys.length > 0 && x.inlinePolicies.length > 0)!;
    const read = await readPrincipal(clients(), { userName: u.name });
    expect(read.user).toMatchObject({ arn: u.arn, groups: u.groups, attachedPolicies: u.attachedPolicies, inlinePolicies: u.inlinePolicies });
    expect(read.user?.accessKeys.map((k) => k.accessKeyId).sort()).toEqual(u.accessKeys.map((k) => k.accessKeyId).sort());
  });
});
