import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CallCounter } from '../../lib/aws/call-counter';
import { parsePolicy } from '../../lib/core/policy';
import type { EventBridgeSink } from '../../lib/sinks/eventbridge';
import type { SecurityHubSink } from '../../lib/sinks/security-hub';
import { runAccountSweep } from '../../lib/sweep/account-sweep';
import { inventory, user } from '../core/builders';

describe('runAccountSweep', () => {
  it('times each phase apart, publishing around acting, when the clock moves only inside reads and sinks', async () => {
    let t = 0;
    const securityHub = { sync: async () => ((t += 10), { imported: 0, archived: 0, unchanged: 0, held: 0, withheld: [], failed: [], changes: new Map(), cleared: [] }) } as unknown as SecurityHubSink;
    const events = { publish: async () => ((t += 1000), { sent: 0, failed: [], requests: 0 }) } as unknown as EventBridgeSink;
    const report = await runAccountSweep({
      runId: 'run-1',
      now: new Date('2026-11-20T00:00:00Z'),
      policy: parsePolicy({}),
      readInventory: async () => ((t += 100), { inventory: inventory({ users: [user('alice')] }), warnings: [], calls: {}, totalCalls: 0 }),
      approvals: { kind: 'records', approvals: [] },
      publish: { securityHub, events },
      elapsedMs: () => t,
    });
    expect(report.phases).toEqual({ readMs: 100, reconcileMs: 0, publishMs: 1010, actMs: 0 });
  });

  it('reports the run counter rather than the inventory reads when a counter is given', async () => {
    const calls = new CallCounter();
    const report = await runAccountSweep({
      runId: 'run-2',
      now: new Date('2026-11-20T00:00:00Z'),
      policy: parsePolicy({}),
      readInventory: async () => {
        calls.record(new ScanCommand({ TableName: 'approvals' }));
        return { inventory: inventory(), warnings: [], calls: { 'iam:GetAccountAuthorizationDetails': 1 }, totalCalls: 1 };
      },
      approvals: { kind: 'records', approvals: [] },
      calls,
    });
    expect(report).toMatchObject({ calls: { 'dynamodb:Scan': 1 }, totalCalls: 1 });
  });
});
