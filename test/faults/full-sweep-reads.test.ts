import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalStoreError } from '../../lib/approvals/store-errors';
import { InventoryReadError } from '../../lib/inventory/inventory-errors';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { SECRETS, userArn, World } from './fault-world';
import { reference, runScenario, type Reference } from './scenario';
import type { FaultKind } from './sdk-faults';

const KINDS: FaultKind[] = ['throttle', '5xx', 'timeout'];
const KEY_TYPES = ['STALE_ACCESS_KEY', 'UNUSED_ACCESS_KEY'];

describe('full sweep: faults while reading IAM, the credential report, Secrets Manager, STS and the approvals', () => {
  const mocks = World.mocks();
  let db: LocalDynamo;
  let ref: Reference;

  beforeAll(async () => {
    db = await startDynalite();
    ref = await reference(db, mocks);
  });
  afterAll(() => db.stop());

  describe.each(KINDS)('%s', (kind) => {
    it.each([1, 2])('GetAccountAuthorizationDetails page %i fails: the sweep throws InventoryReadError and writes nothing', async (page) => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject(`iam:GetAccountAuthorizationDetails:${page}`, kind) });
      expect(s.first.error).toBeInstanceOf(InventoryReadError);
      expect(s.first.error?.message).toContain(`page ${page}`);
      expect(s.world.updates.map((u) => u.id).sort()).toEqual([...ref.deactivated].sort()); // all from the clean re-run
    });

    it.each(['iam:GetCredentialReport', 'iam:GenerateCredentialReport'])('%s fails on an account with open findings: key findings are held, never archived', async (op) => {
      const s = await runScenario(db, mocks, ref, { prior: true, report: 'stale', setup: (f) => f.inject(op, kind) });
      const r = s.first.report!;
      expect(r.result.incomplete).toEqual(['credentialReport']);
      expect(r.warnings.join('\n')).toMatch(/credential report not read/);
      expect(r.result.findings.filter((f) => KEY_TYPES.includes(f.type))).toEqual([]);
      expect(r.result.outcomes.filter((o) => o.approvalKey.includes('|access-key|')).map((o) => o.outcome)).toEqual(['UNVERIFIED', 'UNVERIFIED']);
      expect(r.result.actions).toEqual([]);
      expect(r.securityHub?.archived).toBe(0);
      expect(r.securityHub?.held).toBeGreaterThanOrEqual(4); // 2 keys × stale/unused, the unapproved key
    });

    it.each(['sm:ListSecrets:1', 'sm:ListSecrets:2', 'sm:ListSecretVersionIds'])('%s fails: secrets unread, secret approvals unverified, secret findings held', async (op) => {
      const s = await runScenario(db, mocks, ref, { prior: true, setup: (f) => f.inject(op, kind) });
      const r = s.first.report!;
      expect(r.result.incomplete).toEqual(['secrets']);
      expect(r.warnings.join('\n')).toMatch(/Secrets Manager not read/);
      expect(r.result.findings.filter((f) => f.resource.type === 'AwsSecretsManagerSecret')).toEqual([]);
      const secretOutcomes = r.result.outcomes.filter((o) => o.approvalKey.includes(SECRETS.db) || o.approvalKey.includes(SECRETS.token));
      expect(secretOutcomes.map((o) => o.outcome)).toEqual(['UNVERIFIED', 'UNVERIFIED']);
      expect(r.securityHub).toMatchObject({ archived: 0, failed: [] });
      expect(r.securityHub?.held).toBeGreaterThanOrEqual(3); // token not rotated; scratch unapproved + not rotated
      // IAM findings were read and acted on as usual.
      expect(r.keyExpiry?.deactivated).toBe(2);
    });

    it('STS GetCallerIdentity fails: nothing is read or written', async () => {
      const s = await runScenario(db, mocks, ref, { setup: (f) => f.inject('sts:GetCallerIdentity', kind) });
      expect(s.first.error?.name).toMatch(/Throttling|InternalFailure|TimeoutError/);
      expect(s.hits).toEqual([{ op: 'sts:GetCallerIdentity', kind, seq: 0 }]);
    });

    it('the approvals Scan fails: ApprovalStoreError before anything is published or acted on', async () => {
      const s = await runScenario(db, mocks, ref, { prior: true, setup: (f) => f.inject('ddb:Scan:approvals', kind) });
      expect(s.first.error).toBeInstanceOf(ApprovalStoreError);
      expect((s.first.error as ApprovalStoreError).retryable).toBe(true);
    });
  });

  it('a throttle while polling the credential report: the report is left unread (Tally does not retry errors, only "not ready")', async () => {
    const s = await runScenario(db, mocks, ref, { report: 'stale', setup: (f) => f.inject('iam:GenerateCredentialReport', 'throttle', { after: 1, times: 1 }) });
    expect(s.hits.map((h) => h.op)).toEqual(['iam:GenerateCredentialReport']);
    expect(s.first.report?.result.incomplete).toEqual(['credentialReport']);
    expect(s.first.report?.result.outcomes.some((o) => o.outcome === 'APPROVED_NOT_PROVISIONED')).toBe(false);
  });

  it('the second GetCredentialReport (after generation completed) fails: unread, no key action planned', async () => {
    const s = await runScenario(db, mocks, ref, { report: 'stale', setup: (f) => f.inject('iam:GetCredentialReport', '5xx', { after: 1 }) });
    const r = s.first.report!;
    expect(r.result.incomplete).toEqual(['credentialReport']);
    expect(r.keyExpiry?.outcomes).toEqual([]);
    expect(s.world.updates.length).toBe(2); // both from the clean re-run
  });

  it('a fault-free clean run is what the yardstick says: every approval is provisioned, the access-key approvals reconcile', () => {
    expect([...ref.findingIds].some((id) => id.includes('APPROVED_NOT_PROVISIONED'))).toBe(false);
    expect(ref.sentIds.size).toBeGreaterThanOrEqual(7);
    expect(userArn('bob')).toContain('/staff/');
  });
});
