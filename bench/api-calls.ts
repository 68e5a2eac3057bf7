import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CallCounter } from '../lib/aws/call-counter';
import { readLiveInventory } from '../lib/inventory/live-inventory';
import { readPrincipal } from '../lib/inventory/targeted-read';
import { mockAccount } from './account-mocks';
import { BENCH_NOW, syntheticAccount } from './synthetic-account';

export interface ApiCallFigures {
  principals: number;
  tallySweepCalls: number;
  tallyByOperation: Record<string, number>;
  perPrincipalCalls: number;
  eventPathUserCalls: number;
  eventPathRoleCalls: number;
}

/**
 * The inventory read alone (no approvals, no writes) of one full sweep, counted on the client,
 * against what reading each principal separately costs. The whole run, writes included, is
 * measured by sweep-calls.ts.
 */
export async function measureApiCalls(principals: number): Promise<ApiCallFigures> {
  const { inventory } = syntheticAccount(principals, 0);
  const account = mockAccount(inventory, new Date(Date.parse(BENCH_NOW) - 1_800_000));
  try {
    const clients = { iam: new IAMClient({ region: 'us-east-1' }), secrets: new SecretsManagerClient({ region: 'us-east-1' }) };
    const live = await readLiveInventory(clients, { now: new Date(BENCH_NOW), wait: { elapsedMs: () => 0, sleep: async () => undefined }, minRotationDays: 30 });
    const perCall = async (ref: Parameters<typeof readPrincipal>[1]) => {
      const counter = new CallCounter();
      await readPrincipal(clients, ref, { counter });
      return counter.total;
    };
    const userCalls = await perCall({ userName: inventory.users[0]!.name });
    const roleCalls = await perCall({ roleName: inventory.roles[0]!.name });
    const groupCalls = await perCall({ groupName: inventory.groups[0]!.name });
    // ListUsers/ListRoles/ListGroups pages (1 000 a page) plus the same per-principal reads for each.
    const listPages = Math.ceil(inventory.users.length / 1000) + Math.ceil(inventory.roles.length / 1000) + Math.ceil(inventory.groups.length / 1000);
    return {
      principals,
      tallySweepCalls: live.totalCalls,
      tallyByOperation: live.calls,
      perPrincipalCalls: listPages + inventory.users.length * (userCalls - 1) + inventory.roles.length * (roleCalls - 1) + inventory.groups.length * (groupCalls - 1),
      eventPathUserCalls: userCalls,
      eventPathRoleCalls: roleCalls,
    };
  } finally {
    account.restore();
  }
}
