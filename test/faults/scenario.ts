import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { ActionError } from '../../lib/actions/action-errors';
import { DynamoAuditLog } from '../../lib/actions/audit-log';
import { AUDIT_TABLE, type AuditRecord } from '../../lib/actions/audit-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStoreError } from '../../lib/approvals/store-errors';
import { createTableInput } from '../../lib/aws/table-spec';
import { parsePolicy } from '../../lib/core/policy';
import { InventoryReadError } from '../../lib/inventory/inventory-errors';
import { FindingsLedger } from '../../lib/sinks/findings-ledger';
import { isLedgerMarker } from '../../lib/sinks/ledger-open-index';
import { LEDGER_TABLE, parseLedgerItem } from '../../lib/sinks/ledger-table';
import { CLOSED_BY_ACTION, SecurityHubSink } from '../../lib/sinks/security-hub';
import { sweepEvents } from '../../lib/sinks/eventbridge-events';
import { isEvidence } from '../../lib/core/finding';
import { changesOf } from '../../lib/sweep/published-changes';
import { SinkError } from '../../lib/sinks/sink-errors';
import { runAccountSweep, type SweepReport } from '../../lib/sweep/account-sweep';
import { liveSweepInput } from '../../lib/sweep/live-sweep';
import type { LocalDynamo } from '../support/dynalite';
import { ACCOUNT, APPROVALS, NOW, REGION, World } from './fault-world';
import { Faults, faultyDynamo } from './sdk-faults';

/** Three tables of one scenario, isolated by name in the file's shared dynalite. */
export interface Tables {
  approvals: string;
  ledger: string;
  audit: string;
}

let tableSeq = 0;
export async function createTables(db: LocalDynamo): Promise<Tables> {
  const n = ++tableSeq;
  const t = { approvals: `approvals-${n}`, ledger: `ledger-${n}`, audit: `audit-${n}` };
  await db.createTable(createTableInput(t.approvals, APPROVAL_TABLE));
  await db.createTable(createTableInput(t.ledger, LEDGER_TABLE));
  await db.createTable(createTableInput(t.audit, AUDIT_TABLE));
  const imported = await new ApprovalStore(db.doc, t.approvals).importMany(APPROVALS);
  expect(imported.failed).toEqual([]);
  return t;
}

/** A virtual clock for the Security Hub rate limiter and retry backoff: a sweep never waits. */
function virtualClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

/** One full sweep wired like the deployed one: enforce mode, grace 0, cap 5, everything published. */
export async function sweep(db: LocalDynamo, faults: Faults, tables: Tables, runId: string, mode: 'report' | 'enforce' = 'enforce', evidence = true): Promise<SweepReport> {
  const dynamo = faultyDynamo(db.doc, faults);
  const clients = {
    iam: new IAMClient({ region: REGION }),
    secrets: new SecretsManagerClient({ region: REGION }),
    sts: new STSClient({ region: REGION }),
    securityHub: new SecurityHubClient({ region: REGION }),
    events: new EventBridgeClient({ region: REGION }),
    dynamo,
  };
  const input = await liveSweepInput(clients, {
    runId,
    now: NOW,
    policy: parsePolicy({}),
    region: REGION,
    approvals: { kind: 'store', store: new ApprovalStore(dynamo, tables.approvals) },
    securityHub: { ledgerTable: tables.ledger },
    eventBus: 'tally',
    evidence,
    keyExpiry: { mode, auditTable: tables.audit, maxActions: 5, graceDays: 0, breakGlass: [], paused: () => false, actor: 'fault-test' },
    sleep: async () => undefined,
  });
  if (input.publish?.securityHub) {
    const clock = virtualClock();
    const ledger = new FindingsLedger({ client: dynamo, tableName: tables.ledger, clock });
    input.publish.securityHub = new SecurityHubSink({ client: clients.securityHub, ledger, ctx: { region: REGION }, accountId: ACCOUNT, clock, backoffMs: 100 });
  }
  return runAccountSweep(input);
}

export type Outcome = { report: SweepReport; error?: undefined } | { report?: undefined; error: Error };

export async function attempt(run: () => Promise<SweepReport>): Promise<Outcome> {
  try {
    return { report: await run() };
  } catch (e) {
    return { error: e as Error };
  }
}

/** The ledger's entries as stored (its per-account markers left out): finding id → state and fingerprint. */
export async function ledgerState(db: LocalDynamo, table: string): Promise<Map<string, { state: string; fingerprint: string }>> {
  const out = await db.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return new Map((out.Items ?? []).filter((i) => !isLedgerMarker(i)).map((i) => parseLedgerItem(i)).map((e) => [e.findingId, { state: e.state, fingerprint: e.fingerprint }]));
}

export async function auditRecords(db: LocalDynamo, table: string, runId: string): Promise<AuditRecord[]> {
  return new DynamoAuditLog(db.doc, table).list(runId);
}

/** What a fault-free sweep of a fresh account produces: the yardstick of every faulted run. */
export interface Reference {
  findingIds: Set<string>;
  /** Findings Security Hub should hold open (evidence is not sent; what the run's actions closed goes in ARCHIVED). */
  shIds: Set<string>;
  /** Findings the run's deactivations closed: the only ones ever sent ARCHIVED. */
  closedIds: Set<string>;
  /** Everything Security Hub receives: the open findings and the closed ones. */
  sentIds: Set<string>;
  ledger: Map<string, { state: string; fingerprint: string }>;
  deactivated: Set<string>;
}

export async function reference(db: LocalDynamo, mocks: ReturnType<typeof World.mocks>, extraUsers = 0): Promise<Reference> {
  const faults = new Faults();
  const world = new World(faults, 'stale', extraUsers);
  world.wire(mocks);
  const tables = await createTables(db);
  const r = await sweep(db, faults, tables, 'reference');
  expect(r.result.incomplete).toEqual([]);
  expect(r.result.findings.filter((f) => f.type === 'APPROVED_NOT_PROVISIONED')).toEqual([]);
  expect(world.updates.map((u) => u.id).sort()).toEqual(['AKIAFAULTSVCETL00001', 'AKIAFAULTTMPADMIN001']);
  const closedIds = new Set(r.closedByAction.map((c) => c.findingId));
  expect(closedIds.size, 'findings closed by the two deactivations').toBeGreaterThanOrEqual(2);
  return {
    findingIds: new Set(r.result.findings.map((f) => f.id)),
    shIds: new Set(r.result.findings.filter((f) => !isEvidence(f.type) && !closedIds.has(f.id)).map((f) => f.id)),
    closedIds,
    sentIds: new Set(r.result.findings.filter((f) => !isEvidence(f.type)).map((f) => f.id)),
    ledger: await ledgerState(db, tables.ledger),
    deactivated: new Set(world.updates.map((u) => u.id)),
  };
}

/** Errors a faulted sweep may end with: each names the operation and part that failed. */
export function isTypedError(e: Error): boolean {
  return e instanceof InventoryReadError || e instanceof SinkError || e instanceof ApprovalStoreError || e instanceof ActionError;
}

/** Did the report say that something was not read or not delivered? */
export function reportsIncomplete(r: SweepReport): boolean {
  const skipped = r.keyExpiry?.outcomes.some((o) => o.decision === 'failed' || o.decision === 'skipped-unconfirmed' || (o.decision === 'skipped-grace' && o.reason.includes('unknown')));
  return r.result.incomplete.length > 0 || !!r.securityHub?.failed.length || !!r.events?.failed.length || !!r.evidence?.failed.length || !!r.evidence?.stale.length || !!skipped;
}

/**
 * Invariants of a faulted run, checked right after it:
 * (a) it completed or threw a typed error (an STS failure, before anything is read, throws the SDK's);
 *     never a finding the fault-free run lacks, never an ARCHIVED import but of a finding about a key
 *     the run deactivated, naming the action (nothing else changed in AWS);
 *     a report that claims to be complete equals the fault-free one;
 * (b) the ledger holds only what Security Hub accepted, and nothing the report lists as failed.
 */
export async function checkFaultedRun(db: LocalDynamo, world: World, tables: Tables, out: Outcome, ref: Reference): Promise<void> {
  if (out.error) {
    const stsFailed = world.faults.hits.some((h) => h.op === 'sts:GetCallerIdentity');
    expect(isTypedError(out.error) || stsFailed, `untyped error: ${out.error.name}: ${out.error.message}`).toBe(true);
  } else {
    const r = out.report;
    const extra = r.result.findings.filter((f) => !ref.findingIds.has(f.id));
    expect(extra.map((f) => `${f.type} ${f.id}`), 'findings the fault-free run does not have').toEqual([]);
    expect(r.result.outcomes.filter((o) => o.outcome === 'APPROVED_NOT_PROVISIONED')).toEqual([]);
    const closed = new Set(r.closedByAction.map((c) => c.findingId));
    const open = { ...r.result, findings: r.result.findings.filter((f) => !closed.has(f.id)) };
    const changes = changesOf(r.securityHub, r.evidence && new Set(r.evidence.verified));
    const events = sweepEvents(open, { expiries: r.expiries, actions: r.keyExpiry?.executed ?? [], ...(changes ? { changes } : {}) });
    if (!reportsIncomplete(r)) {
      expect(new Set(r.result.findings.map((f) => f.id))).toEqual(ref.findingIds);
      expect(r.events?.sent).toBe(events.length);
    }
    for (const failed of r.securityHub?.failed ?? []) expect((await ledgerState(db, tables.ledger)).has(failed.id), `${failed.id} failed yet committed`).toBe(false);
    if (r.events) expect(r.events.sent + r.events.failed.length, 'events neither sent nor failed').toBe(events.length);
  }
  checkArchived(world, ref);
  const received = new Set(world.shReceived.map((d) => d.Id));
  for (const id of (await ledgerState(db, tables.ledger)).keys()) expect(received.has(id), `${id} in the ledger but not in Security Hub`).toBe(true);
}

/** ARCHIVED only what a deactivation closed, naming the action. */
function checkArchived(world: World, ref: Reference): void {
  for (const d of world.shReceived.filter((x) => x.RecordState === 'ARCHIVED')) {
    expect(ref.closedIds.has(d.Id), `archived ${d.Id}, not a finding an action closes`).toBe(true);
    expect(d.ProductFields?.[CLOSED_BY_ACTION], `archived ${d.Id} without its action`).toMatch(/^[^/]+\/.+/);
    expect(d.Compliance?.Status).toBe('PASSED');
  }
}

/**
 * Invariants after the clean re-run of the same run id:
 * (b) Security Hub received every finding of the fault-free run, and the ledger equals its ledger;
 * (c) UpdateAccessKey reached IAM at most once per key, never for a key already inactive, and the keys
 *     the fault-free run deactivates are inactive; one plan record per (run, finding, decision) in the audit log.
 */
export async function checkConverged(db: LocalDynamo, world: World, tables: Tables, runId: string, clean: SweepReport, ref: Reference): Promise<void> {
  expect(clean.result.incomplete).toEqual([]);
  expect(clean.securityHub?.failed).toEqual([]);
  expect(clean.events?.failed).toEqual([]);
  expect(new Set(clean.result.findings.map((f) => f.id))).toEqual(ref.findingIds);
  // A finding the faulted run imported open because its key's deactivation failed is closed by the re-run.
  const open = new Set(world.shReceived.filter((d) => d.RecordState !== 'ARCHIVED').map((d) => d.Id));
  expect(new Set([...open].filter((id) => !ref.closedIds.has(id)))).toEqual(ref.shIds);
  checkArchived(world, ref);
  expect(await ledgerState(db, tables.ledger)).toEqual(ref.ledger);

  expect(world.updates.filter((u) => u.before !== 'Active'), 'UpdateAccessKey on an inactive key').toEqual([]);
  const ids = world.updates.map((u) => u.id);
  expect(ids.length, `UpdateAccessKey calls: ${ids.join(', ')}`).toBe(new Set(ids).size);
  expect(new Set(world.keys.filter((k) => k.status === 'Inactive').map((k) => k.id))).toEqual(ref.deactivated);

  const audit = await auditRecords(db, tables.audit, runId);
  const plans = audit.filter((a) => a.phase === 'plan').map((a) => `${a.findingId} ${a.decision}`);
  expect(plans.length).toBe(new Set(plans).size);
  expect(audit.filter((a) => a.decision === 'deactivated').length).toBeLessThanOrEqual(ref.deactivated.size);
}

export interface ScenarioOptions {
  report?: 'fresh' | 'stale';
  extraUsers?: number;
  /** Run one clean report-mode sweep (another run id) first, so the ledger holds open findings a faulted run could archive. */
  prior?: boolean;
  runId?: string;
  /** The fault is in a response payload (FailedFindings, failed entries), not a failed call. */
  payloadFault?: boolean;
  setup(faults: Faults, world: World): void;
}

export interface Scenario {
  first: Outcome;
  clean: SweepReport;
  world: World;
  tables: Tables;
  hits: Faults['hits'];
  /** Keys UpdateAccessKey reached in the faulted run. */
  firstUpdates: string[];
}

/** Faulted sweep, its invariants, then the clean re-run of the same run id and convergence. */
export async function runScenario(db: LocalDynamo, mocks: ReturnType<typeof World.mocks>, ref: Reference, o: ScenarioOptions): Promise<Scenario> {
  const faults = new Faults();
  const world = new World(faults, o.report ?? 'stale', o.extraUsers ?? 0);
  world.wire(mocks);
  const tables = await createTables(db);
  if (o.prior) {
    await sweep(db, faults, tables, 'prior', 'report');
    if ((o.report ?? 'stale') === 'stale') world.expireReport();
  }
  faults.reset();
  o.setup(faults, world);
  const runId = o.runId ?? 'run-1';
  const first = await attempt(() => sweep(db, faults, tables, runId));
  const hits = [...faults.hits];
  const firstUpdates = world.updates.map((u) => u.id);
  if (!o.payloadFault) expect(hits.length, 'the injected fault never fired').toBeGreaterThan(0);
  await checkFaultedRun(db, world, tables, first, ref);
  faults.reset();
  world.shReject = () => undefined;
  world.ebReject = () => undefined;
  const clean = await sweep(db, faults, tables, runId);
  await checkConverged(db, world, tables, runId, clean, ref);
  return { first, clean, world, tables, hits, firstUpdates };
}
