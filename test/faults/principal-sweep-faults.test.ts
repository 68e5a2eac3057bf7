import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { ApprovalStoreError } from '../../lib/approvals/store-errors';
import { parsePolicy } from '../../lib/core/policy';
import { InventoryReadError } from '../../lib/inventory/inventory-errors';
import type { PrincipalRef } from '../../lib/inventory/targeted-read';
import { EventBridgeSink } from '../../lib/sinks/eventbridge';
import { FindingsLedger } from '../../lib/sinks/findings-ledger';
import { SecurityHubSink } from '../../lib/sinks/security-hub';
import { LedgerError, SecurityHubImportError } from '../../lib/sinks/sink-errors';
import { runPrincipalSweep, type PrincipalSweepReport } from '../../lib/sweep/principal-sweep';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { ACCOUNT, NOW, REGION, SECRETS, World } from './fault-world';
import { createTables, isTypedError, ledgerState, reference, sweep, type Reference, type Tables } from './scenario';
import { Faults, faultyDynamo, type FaultKind } from './sdk-faults';

const KINDS: FaultKind[] = ['throttle', '5xx', 'timeout'];
const ADMIN: PrincipalRef = { userName: 'temp-admin' };
const TOKEN: PrincipalRef = { secretId: SECRETS.token };

describe('event path (principal sweep) under faults in its targeted reads and deliveries', () => {
  const mocks = World.mocks();
  let db: LocalDynamo;
  let ref: Reference;

  beforeAll(async () => {
    db = await startDynalite();
    ref = await reference(db, mocks);
  });
  afterAll(() => db.stop());

  /** An account after one full (report-mode) sweep: every finding open in the ledger and Security Hub. */
  async function account(evidence = true): Promise<{ faults: Faults; world: World; tables: Tables }> {
    const faults = new Faults();
    const world = new World(faults);
    world.wire(mocks);
    const tables = await createTables(db);
    await sweep(db, faults, tables, 'full', 'report', evidence);
    faults.reset();
    return { faults, world, tables };
  }

  async function principalSweep(faults: Faults, tables: Tables, ref: PrincipalRef): Promise<PrincipalSweepReport> {
    const dynamo = faultyDynamo(db.doc, faults);
    let t = 0;
    const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };
    const ledger = new FindingsLedger({ client: dynamo, tableName: tables.ledger, clock });
    return runPrincipalSweep({
      clients: { iam: new IAMClient({ region: REGION }), secrets: new SecretsManagerClient({ region: REGION }) },
      ref,
      approvals: new ApprovalStore(dynamo, tables.approvals),
      policy: parsePolicy({}),
      now: new Date(NOW.getTime() + 3_600_000),
      via: { path: 'event', eventId: 'e-1', eventName: 'AttachUserPolicy', eventTime: '2026-11-20T00:00:00Z' },
      securityHub: new SecurityHubSink({ client: new SecurityHubClient({ region: REGION }), ledger, ctx: { region: REGION }, accountId: ACCOUNT, clock, backoffMs: 10 }),
      events: new EventBridgeSink({ client: new EventBridgeClient({ region: REGION }), eventBusName: 'tally', sleep: async () => undefined }),
    });
  }

  /**
   * Faulted event, then the same event again without faults. Nothing changed in AWS, so neither may
   * archive a finding; the faulted one ends with a typed error or a report naming what failed; the
   * ledger keeps every open finding of the full sweep.
   */
  async function scenario(target: PrincipalRef, setup: (f: Faults) => void, evidence = true) {
    const { faults, world, tables } = await account(evidence);
    const before = world.shReceived.length;
    setup(faults);
    let first: PrincipalSweepReport | Error;
    try {
      first = await principalSweep(faults, tables, target);
    } catch (e) {
      first = e as Error;
    }
    expect(faults.hits.length, 'the injected fault never fired').toBeGreaterThan(0);
    if (first instanceof Error) expect(isTypedError(first), `${first.name}: ${first.message}`).toBe(true);
    else expect(first.found).toBe(true);
    faults.reset();
    const clean = await principalSweep(faults, tables, target);
    expect(clean).toMatchObject({ found: true, securityHub: { failed: [], archived: 0 }, evidence: { failed: [] } });
    // A schema refusal is not a fault (see the dedicated test below); every other event goes out.
    expect(clean.events?.failed.filter((e) => e.errorCode !== 'SchemaViolation')).toEqual([]);
    const sent = world.shReceived.slice(before);
    expect(sent.filter((d) => d.RecordState === 'ARCHIVED').map((d) => d.Id), 'archived by the event path').toEqual([]);
    expect(sent.every((d) => ref.sentIds.has(d.Id)), 'a finding the full sweep does not have').toBe(true);
    // The full sweep ran in report mode: it closed nothing, so every finding it sends stays open.
    const ledger = await ledgerState(db, tables.ledger);
    expect(new Set([...ledger].filter(([, e]) => e.state === 'ACTIVE').map(([id]) => id))).toEqual(ref.sentIds);
    return { first, clean, world };
  }

  describe.each(KINDS)('%s', (kind) => {
    it.each(['GetUser', 'ListAttachedUserPolicies', 'ListUserPolicies', 'ListGroupsForUser', 'ListAccessKeys', 'GetAccessKeyLastUsed'])(
      'IAM %s fails: InventoryReadError naming it, nothing imported or archived',
      async (op) => {
        const { first } = await scenario(ADMIN, (f) => f.inject(`iam:${op}`, kind));
        expect(first).toBeInstanceOf(InventoryReadError);
        expect((first as InventoryReadError).operation).toBe(op);
      },
    );

    it.each(['DescribeSecret', 'ListSecretVersionIds'])('Secrets Manager %s fails: InventoryReadError, the secret\'s findings stay open', async (op) => {
      const { first } = await scenario(TOKEN, (f) => f.inject(`sm:${op}`, kind));
      expect(first).toBeInstanceOf(InventoryReadError);
    });

    it('the byPrincipal Query on the approvals fails: ApprovalStoreError, no approval is judged missing', async () => {
      const { first } = await scenario(ADMIN, (f) => f.inject('ddb:Query:approvals', kind));
      expect(first).toBeInstanceOf(ApprovalStoreError);
    });

    it('the ledger Query fails: LedgerError before any import', async () => {
      const { first } = await scenario(ADMIN, (f) => f.inject('ddb:Query:ledger', kind));
      expect(first).toBeInstanceOf(LedgerError);
    });

    it('BatchImportFindings fails as a whole: SecurityHubImportError, and the next event delivers', async () => {
      // The event comes before any full sweep, so its findings are new and must be imported.
      const faults = new Faults();
      const world = new World(faults);
      world.wire(mocks);
      const tables = await createTables(db);
      faults.inject('sh:BatchImportFindings', kind);
      await expect(principalSweep(faults, tables, ADMIN)).rejects.toBeInstanceOf(SecurityHubImportError);
      expect(faults.hits.length, 'the injected fault never fired').toBeGreaterThan(0);
      expect([...(await ledgerState(db, tables.ledger)).keys()]).toEqual([]);
      faults.reset();
      const clean = await principalSweep(faults, tables, ADMIN);
      expect(clean.securityHub).toMatchObject({ failed: [], archived: 0 });
      const delivered = [...(await ledgerState(db, tables.ledger)).keys()];
      expect(delivered.length).toBeGreaterThan(0);
      expect(delivered.every((id) => ref.sentIds.has(id))).toBe(true);
    });

    it('PutEvents keeps failing: each event listed failed, Security Hub delivered', async () => {
      // Events go out on change only: the full sweep wrote no evidence, so the event path verifies bob's approvals anew.
      const { first } = await scenario({ userName: 'bob' }, (f) => f.inject('eb:PutEvents', kind), false);
      const r = first as PrincipalSweepReport;
      expect(r.events?.sent).toBe(0);
      expect(r.events?.failed.length).toBeGreaterThan(0);
      expect(r.securityHub?.failed).toEqual([]);
    });

    it('the evidence transaction fails: each write it carried is listed in evidence.failed, the next event writes them', async () => {
      const { first, clean } = await scenario({ userName: 'bob' }, (f) => f.inject('ddb:Update:approvals', kind, { times: 1 }), false);
      const failed = (first as PrincipalSweepReport).evidence?.failed.length ?? 0;
      expect(failed).toBeGreaterThan(1);
      expect((first as PrincipalSweepReport).evidence?.written).toBe(0);
      expect(clean.evidence?.written).toBe(failed);
    });
  });

  it('the event path publishes its access-key findings (key id known) to EventBridge without a SchemaViolation', async () => {
    const { faults, tables } = await account();
    const r = await principalSweep(faults, tables, ADMIN);
    expect(r.result?.findings.some((f) => f.resource.accessKeyId !== undefined)).toBe(true);
    expect(r.events?.failed.map((e) => `${e.errorCode}: ${e.errorMessage}`)).toEqual([]);
  });
});
