import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { ApprovalStore } from '../lib/approvals/approval-store';
import { CallCounter } from '../lib/aws/call-counter';
import type { Inventory } from '../lib/core/inventory';
import { parsePolicy } from '../lib/core/policy';
import { runAccountSweep } from '../lib/sweep/account-sweep';
import { countedSweepClients, liveSweepInput, type LiveSweepClients, type LiveSweepSettings } from '../lib/sweep/live-sweep';
import { approvalsFor } from './account-approvals';
import { mockAccount } from './account-mocks';
import { benchTables, TABLES } from './bench-tables';
import { BENCH_NOW, syntheticInventory } from './synthetic-account';

/** The runs of one account, in order; each sees what the earlier ones wrote. */
export const RUNS = ['read-only', 'first publish', 'steady state', 'one change', 'read-only again'] as const;
export type RunName = (typeof RUNS)[number];

export interface RunFigures {
  run: RunName;
  /** The run's own count (`report.calls`: every client of the run wrapped with its CallCounter). */
  total: number;
  byAction: Record<string, number>;
  /** What the mocks and DynamoDB (dynalite, per HTTP request) received during the run: SDK retries included. */
  received: number;
  receivedByAction: Record<string, number>;
  findings: number;
  imported?: number;
  events?: number;
  evidenceWritten?: number;
  ms: number;
}

export interface SweepCallFigures {
  users: number;
  roles: number;
  groups: number;
  policies: number;
  secrets: number;
  /** Secrets without LastRotatedDate: the ones whose AWSCURRENT version date must be read (or remembered). */
  secretsWithoutLastRotated: number;
  approvals: number;
  runs: RunFigures[];
}

/** An account of `users` service users, with roles, groups, customer managed policies and secrets in proportion. */
export function benchAccount(users: number): Inventory {
  return syntheticInventory({ users, roles: Math.ceil(users / 4), groups: Math.max(2, Math.ceil(users / 20)), secrets: Math.max(3, Math.ceil(users / 8)) });
}

/**
 * The sweep's settings: read-only reads the account (with `--audit-table`, remembering secret version
 * dates); a publish is the deployed sweep's (its account from the function ARN): imports, publishes,
 * writes evidence and runs key expiry in report mode.
 */
function settings(publish: boolean, runId: string, now: Date, store: ApprovalStore, calls: CallCounter, accountId: string): LiveSweepSettings {
  return {
    runId,
    now,
    policy: parsePolicy({}),
    region: 'us-east-1',
    ...(publish ? { accountId } : { auditTable: TABLES.audit }),
    approvals: { kind: 'store', store },
    evidence: publish,
    ...(publish
      ? {
          securityHub: { ledgerTable: TABLES.ledger },
          eventBus: 'tally',
          keyExpiry: { mode: 'report' as const, auditTable: TABLES.audit, maxActions: 10, graceDays: 7, breakGlass: [], paused: () => false, actor: `bench:${runId}` },
        }
      : {}),
    sleep: async () => undefined,
    calls,
  };
}

/** Grants one AWS managed policy to the first user: the change of the "one change" run. */
function attachOnePolicy(inventory: Inventory): void {
  inventory.users[0]!.attachedPolicies.push({ policyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess', policyName: 'IAMReadOnlyAccess' });
}

/**
 * Runs the product's sweep (liveSweepInput + runAccountSweep) over a mocked account of `users`
 * users, DynamoDB on dynalite: read-only, first publish, publish with nothing changed, publish
 * after one policy was attached to one user, and read-only again. Counts every call of each run.
 */
export async function measureSweepCalls(users: number, progress: (m: string) => void = () => undefined): Promise<SweepCallFigures> {
  const inventory = benchAccount(users);
  const approvals = approvalsFor(inventory);
  const db = await benchTables(approvals);
  const account = mockAccount(inventory, new Date(BENCH_NOW));
  const region = { region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const base: LiveSweepClients = {
    iam: new IAMClient(region), secrets: new SecretsManagerClient(region), sts: new STSClient(region),
    securityHub: new SecurityHubClient(region), events: new EventBridgeClient(region), dynamo: db.doc,
  };
  const runs: RunFigures[] = [];
  try {
    for (const [i, run] of RUNS.entries()) {
      if (run === 'one change') attachOnePolicy(inventory);
      // An hour apart, each with a credential report IAM generated half an hour earlier (reused, not regenerated).
      const now = new Date(Date.parse(BENCH_NOW) + i * 3_600_000);
      account.reportGeneratedAt = new Date(now.getTime() - 1_800_000);
      account.resetHistory();
      const mark = db.received.length;
      const calls = new CallCounter();
      const clients = countedSweepClients(base, calls);
      const runId = `bench-${users}-${i}`;
      const publish = run !== 'read-only' && run !== 'read-only again';
      progress(`${users} users: ${run}`);
      const t0 = performance.now();
      const report = await runAccountSweep(await liveSweepInput(clients, settings(publish, runId, now, new ApprovalStore(clients.dynamo, TABLES.approvals), calls, inventory.accountId)));
      const ms = Math.round(performance.now() - t0);
      const receivedByAction = account.received(db.received.slice(mark));
      runs.push({
        run, total: report.totalCalls, byAction: report.calls,
        received: Object.values(receivedByAction).reduce((a, b) => a + b, 0), receivedByAction,
        findings: report.result.findings.length,
        ...(report.securityHub ? { imported: report.securityHub.imported + report.securityHub.archived + report.securityHub.closed } : {}),
        ...(report.events ? { events: report.events.sent } : {}),
        ...(report.evidence ? { evidenceWritten: report.evidence.written } : {}),
        ms,
      });
    }
  } finally {
    account.restore();
    await db.stop();
  }
  return {
    users, roles: inventory.roles.length, groups: inventory.groups.length, policies: inventory.policies.length, secrets: inventory.secrets.length,
    secretsWithoutLastRotated: inventory.secrets.filter((s) => !s.lastRotatedAt).length, approvals: approvals.length, runs,
  };
}
