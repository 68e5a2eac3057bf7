import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../actions/audit-log';
import { DynamoRevocationLog } from '../actions/revocation-log';
import { CallCounter, countCalls } from '../aws/call-counter';
import type { Policy } from '../core/policy';
import { monotonicClock } from '../aws/wait-clock';
import { readLiveInventory } from '../inventory/live-inventory';
import { auditVersionMemory } from '../inventory/secret-version-memory';
import { EventBridgeSink } from '../sinks/eventbridge';
import { FindingsLedger } from '../sinks/findings-ledger';
import { SecurityHubSink } from '../sinks/security-hub';
import type { ApprovalSource, SweepInput } from './account-sweep';

export interface LiveSweepClients {
  iam: IAMClient;
  secrets: SecretsManagerClient;
  sts: STSClient;
  securityHub: SecurityHubClient;
  events: EventBridgeClient;
  dynamo: DynamoDBDocumentClient;
  /** Secrets Manager of another region (needed for `secretRegions`). */
  secretsIn?(region: string): SecretsManagerClient;
}

export interface LiveSweepSettings {
  runId: string;
  now: Date;
  policy: Policy;
  region: string;
  /** Regions whose secrets are read (IAM is global); absent: `clients.secrets`' region alone. */
  secretRegions?: readonly string[];
  /** The swept account when the caller knows it (a Lambda from its function ARN, a member sweep from its item); else STS is asked. */
  accountId?: string;
  approvals: ApprovalSource;
  /** Security Hub import (needs the ledger table); absent: nothing is imported. */
  securityHub?: { ledgerTable: string };
  /** EventBridge bus for results; absent: nothing is published. */
  eventBus?: string;
  /**
   * Tally's audit table for a sweep without key expiry (a read-only sweep): it remembers secret
   * version dates there, and reads nothing else of it. Key expiry names its own (`keyExpiry.auditTable`).
   */
  auditTable?: string;
  /** Write closure evidence onto approvals (store approvals only). */
  evidence: boolean;
  /** Publish every current finding and verified approval, not only what changed (a consumer lost its state). */
  republish?: boolean;
  /**
   * Key expiry; absent: actions stay planned in the result and nothing is read or written for them.
   * Its audit table also remembers secret version dates (AUDIT_TABLE), so later sweeps skip their reads.
   */
  keyExpiry?: {
    mode: 'report' | 'enforce';
    auditTable: string;
    maxActions: number;
    graceDays: number;
    breakGlass: string[];
    /** Read before every IAM write; true or a throw stops further writes (see KeyExpiryDeps.killSwitch). */
    paused: () => boolean | Promise<boolean>;
    actor: string;
    /** Report mode: confirm and record every planned key in every run (`--dry-run`), not only what is new (KeyExpiryOptions.everyRun). */
    everyRun?: boolean;
  };
  /**
   * Revocation of what ended approvals named (needs `keyExpiry`: its audit table, kill switch,
   * break-glass, grace and actor); absent: EXPIRED_APPROVAL_ACTIVE findings are only reported.
   */
  revocation?: { mode: 'report' | 'enforce'; maxRevocations: number };
  progress?(message: string): void;
  /** Waits between polls and retries (tests pass an instant one); elapsed time is always monotonic, never `now`. */
  sleep?(ms: number): Promise<void>;
  /**
   * The run's call counter. Given: `clients`, and whatever else the run calls AWS with (the approval
   * store, the kill switch, AssumeRole), already count into it ({@link countedSweepClients}).
   * Absent: the clients given are counted here, with a counter of the run's own.
   */
  calls?: CallCounter;
}

/** Every client of a sweep with its calls recorded in `calls` (the DynamoDB document client too). */
export function countedSweepClients(clients: LiveSweepClients, calls: CallCounter): LiveSweepClients {
  return {
    iam: countCalls(clients.iam, calls),
    secrets: countCalls(clients.secrets, calls),
    sts: countCalls(clients.sts, calls),
    securityHub: countCalls(clients.securityHub, calls),
    events: countCalls(clients.events, calls),
    dynamo: countCalls(clients.dynamo, calls),
    ...(clients.secretsIn ? { secretsIn: (region: string) => countCalls(clients.secretsIn!(region), calls) } : {}),
  };
}

/**
 * The smallest rotation limit any secret could be held to: secrets younger need no version read.
 * Approvals in the store are read after the inventory, so their `rotationDays` are not known here;
 * then every secret older than a day is a candidate (a few extra calls rather than a missed age).
 */
function minRotationDays(policy: Policy, approvals: ApprovalSource): number {
  const policyMin = Math.min(policy.standard.secretRotationDays, policy.privileged.secretRotationDays);
  if (approvals.kind === 'store') return 1;
  const approved: number[] = [];
  for (const a of approvals.approvals) if (a.entitlement.kind === 'secret' && a.entitlement.rotationDays) approved.push(a.entitlement.rotationDays);
  return Math.min(policyMin, ...approved);
}

function regionalSecrets(clients: LiveSweepClients, regions: readonly string[]) {
  const secretsIn = clients.secretsIn;
  if (!secretsIn) throw new Error(`secretRegions ${regions.join(',')} need clients.secretsIn: these clients read one region`);
  return regions.map((region) => ({ region, client: secretsIn(region) }));
}

/** Wires the SDK clients into one account's sweep: reads always, each kind of write only when set. */
export async function liveSweepInput(given: LiveSweepClients, s: LiveSweepSettings): Promise<SweepInput> {
  const calls = s.calls ?? new CallCounter();
  const clients = s.calls ? given : countedSweepClients(given, calls);
  const sleep = s.sleep ?? monotonicClock.sleep;
  const ledger = s.securityHub ? new FindingsLedger({ client: clients.dynamo, tableName: s.securityHub.ledgerTable }) : undefined;
  let accountId = s.accountId;
  if (ledger && !accountId) accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
  const auditTable = s.keyExpiry?.auditTable ?? s.auditTable;
  const audit = auditTable ? new DynamoAuditLog(clients.dynamo, auditTable) : undefined;
  // Secret version dates are remembered only where the sweep writes the audit table anyway: a sweep
  // without one stays read-only and reads every date from Secrets Manager.
  const versionMemory = audit ? auditVersionMemory(audit, { runId: s.runId, now: s.now }) : undefined;

  return {
    runId: s.runId,
    now: s.now,
    policy: s.policy,
    approvals: s.approvals,
    ...(audit ? { memory: audit } : {}),
    readInventory: () =>
      readLiveInventory(
        { iam: clients.iam, secrets: clients.secrets, ...(s.secretRegions ? { secretRegions: regionalSecrets(clients, s.secretRegions) } : {}) },
        {
          now: s.now,
          wait: { elapsedMs: monotonicClock.elapsedMs, sleep },
          minRotationDays: minRotationDays(s.policy, s.approvals),
          ...(versionMemory ? { versionMemory } : {}),
          ...(s.progress ? { progress: s.progress } : {}),
        },
      ),
    publish: {
      ...(ledger && accountId
        ? { securityHub: new SecurityHubSink({ client: clients.securityHub, ledger, ctx: { region: s.region }, accountId, ...(s.progress ? { onProgress: (p: { message: string }) => s.progress?.(p.message) } : {}) }) }
        : {}),
      ...(s.eventBus ? { events: new EventBridgeSink({ client: clients.events, eventBusName: s.eventBus, sleep }) } : {}),
      evidence: s.evidence,
      ...(s.republish ? { republish: true } : {}),
    },
    ...(s.keyExpiry && audit
      ? {
          keyExpiry: {
            deps: { iam: clients.iam, audit, killSwitch: s.keyExpiry.paused, clock: () => s.now },
            options: {
              runId: s.runId,
              mode: s.keyExpiry.mode,
              maxActions: s.keyExpiry.maxActions,
              graceDays: s.keyExpiry.graceDays,
              breakGlass: { principals: s.keyExpiry.breakGlass },
              actor: s.keyExpiry.actor,
              ...(s.keyExpiry.everyRun ? { everyRun: true } : {}),
            },
            ...(ledger ? { ledger } : {}),
          },
        }
      : {}),
    ...(s.revocation && s.keyExpiry && audit
      ? {
          revocation: {
            deps: { iam: clients.iam, audit, log: new DynamoRevocationLog(clients.dynamo, s.keyExpiry.auditTable), killSwitch: s.keyExpiry.paused, clock: () => s.now },
            options: {
              runId: s.runId,
              mode: s.revocation.mode,
              maxRevocations: s.revocation.maxRevocations,
              graceDays: s.keyExpiry.graceDays,
              breakGlass: { principals: s.keyExpiry.breakGlass },
              actor: s.keyExpiry.actor,
            },
          },
        }
      : {}),
    ...(s.progress ? { progress: s.progress } : {}),
    calls,
  };
}
