import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../lib/core/result';
import { toAsff } from '../../lib/sinks/asff';
import { archivedEntry, closedEntry, FindingsLedger, importedEntry, type SyncPlan } from '../../lib/sinks/findings-ledger';
import { fingerprint, inventoryParts, nextUpdatedAt, toLedgerItem } from '../../lib/sinks/ledger-table';
import { toArchivedAsff, toClosedByActionAsff } from '../../lib/sinks/security-hub';
import { ForeignAccountError, LedgerError } from '../../lib/sinks/sink-errors';
import {
  ACCOUNT,
  daysAfter,
  OTHER_ACCOUNT,
  resultOf,
  roleFinding,
  roleFindings,
  secretApprovalFinding,
  secretFinding,
  T0,
} from '../fixtures/securityhub/findings';
import { openEntries } from '../support/ledger-entries';
import type { LocalDynamo } from '../support/dynalite';
import { ledgerPerTest } from '../support/ledger-per-test';
import { findingId } from '../../lib/core/finding-id';
import type { Finding } from '../../lib/core/finding';

const ctx = { region: 'eu-west-1' };
let db: LocalDynamo;
let ledger: FindingsLedger;
ledgerPerTest('ledger', (d, l) => {
  db = d;
  ledger = l;
});

/** An UNUSED_ACCESS_KEY finding on the first key of user `arn`. */
function keyFinding(arn: string, name: string): Finding {
  return {
    ...roleFinding(0),
    id: findingId(ACCOUNT, 'UNUSED_ACCESS_KEY', `${arn}/access-key@2026-01-01T00:00:00Z`),
    type: 'UNUSED_ACCESS_KEY',
    resource: { type: 'AwsIamAccessKey', id: `${arn}/access-key/AKIAIOSFODNN7EXAMPLE`, name: `${name} key 1`, principalArn: arn, accessKeySlot: 1, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2026-01-01T00:00:00Z' },
  };
}

/** What a sync does when Security Hub accepts everything: plan, then commit every import and archive. */
async function sweep(result: ReconcileResult, now: string, options = {}): Promise<SyncPlan> {
  const plan = await ledger.plan(result, now, options);
  const imported = plan.toImport.map((i) => importedEntry(i, toAsff(i.finding, ctx, { createdAt: i.firstSeen, updatedAt: i.updatedAt }), now));
  const archived = plan.toArchive.map((e) => archivedEntry(e, toArchivedAsff(e.asff, nextUpdatedAt(e.updatedAt, now)), now));
  await ledger.commit([...imported, ...archived]);
  return plan;
}

describe('FindingsLedger.plan', () => {
  it('imports every finding as new when the ledger is empty', async () => {
    const plan = await ledger.plan(resultOf(roleFindings(3)), T0);
    expect(plan.toImport.map((i) => i.reason)).toEqual(['new', 'new', 'new']);
    expect(plan.toImport.every((i) => i.firstSeen === T0 && i.updatedAt === T0)).toBe(true);
    expect(plan.toArchive).toEqual([]);
  });

  it('imports nothing when the same findings come again with a later detectedAt', async () => {
    await sweep(resultOf(roleFindings(3)), T0);
    const plan = await ledger.plan(resultOf(roleFindings(3), { evaluatedAt: daysAfter(1) }), daysAfter(1));
    expect(plan.toImport).toEqual([]);
    expect(plan.unchanged).toBe(3);
  });

  it('does not re-import an ageing finding whose only change is its day count', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    const older = roleFinding(1, {
      title: 'Role deploy-1 unused for 121 days',
      summary: 'last used 2026-07-23, 121 days ago (limit 90)',
      threshold: { name: 'roleUnusedDays', limitDays: 90, actualDays: 121, reference: 'IAM Access Analyzer unused access (90 days)' },
    });
    const plan = await ledger.plan(resultOf([older]), daysAfter(1));
    expect(plan.toImport).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it('re-imports a finding as changed with its first firstSeen when its content changes', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    const changed = roleFinding(1, { severity: 'HIGH' });
    const [item] = (await ledger.plan(resultOf([changed]), daysAfter(2))).toImport;
    expect(item).toMatchObject({ reason: 'changed', firstSeen: T0, updatedAt: daysAfter(2) });
    expect(item?.previous?.fingerprint).not.toBe(fingerprint(changed));
  });

  it('moves UpdatedAt 1 ms past the previous one when the clock has gone backwards', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    const [item] = (await ledger.plan(resultOf([roleFinding(1, { severity: 'HIGH' })]), daysAfter(-1))).toImport;
    expect(item?.updatedAt).toBe('2026-11-20T00:00:00.001Z');
  });

  it('refreshes an unchanged finding when its last import is 30 days old', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    expect((await ledger.plan(resultOf([roleFinding(1)]), daysAfter(29.9))).toImport).toEqual([]);
    const [item] = (await ledger.plan(resultOf([roleFinding(1)]), daysAfter(30))).toImport;
    expect(item).toMatchObject({ reason: 'refresh', firstSeen: T0 });
  });

  it('uses refreshAfterDays when given', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    const plan = await ledger.plan(resultOf([roleFinding(1)]), daysAfter(7), { refreshAfterDays: 7 });
    expect(plan.toImport.map((i) => i.reason)).toEqual(['refresh']);
  });

  it('archives an ACTIVE entry when its finding is gone from a complete result', async () => {
    await sweep(resultOf(roleFindings(2)), T0);
    const plan = await ledger.plan(resultOf([roleFinding(0)]), daysAfter(1));
    expect(plan.toArchive.map((e) => e.findingId)).toEqual([roleFinding(1).id]);
    expect(plan.unchanged).toBe(1);
  });

  it('holds secret findings open when the secrets part was not read', async () => {
    await sweep(resultOf([roleFinding(1), secretFinding(1), secretApprovalFinding(1)]), T0);
    const plan = await ledger.plan(resultOf([], { incomplete: ['secrets'] }), daysAfter(1));
    expect(plan.toArchive.map((e) => e.findingId)).toEqual([roleFinding(1).id]);
    expect(plan.held.map((e) => e.findingId).sort()).toEqual([secretFinding(1).id, secretApprovalFinding(1).id].sort());
  });

  it("holds a user's unused-approved-access finding open when the credential report (its use) was not read", async () => {
    const unused = roleFinding(2, { type: 'APPROVED_BUT_UNUSED', resource: { type: 'AwsIamUser', id: 'arn:aws:iam::123456789012:user/svc-a', name: 'svc-a' } });
    expect(inventoryParts(unused)).toEqual(['iam', 'credentialReport']);
    await sweep(resultOf([unused]), T0);
    const plan = await ledger.plan(resultOf([], { incomplete: ['credentialReport'] }), daysAfter(1));
    expect(plan.held.map((e) => e.findingId)).toEqual([unused.id]);
    expect(plan.toArchive).toEqual([]);
  });

  it('holds access-key findings open when the credential report was not read', async () => {
    const key = roleFinding(1, { type: 'STALE_ACCESS_KEY', resource: { type: 'AwsIamAccessKey', id: 'AKIAIOSFODNN7EXAMPLE', name: 'key 1' } });
    expect(inventoryParts(key)).toEqual(['iam', 'credentialReport']);
    await sweep(resultOf([key, secretFinding(1)]), T0);
    const plan = await ledger.plan(resultOf([], { incomplete: ['credentialReport'] }), daysAfter(1));
    expect(plan.held.map((e) => e.findingId)).toEqual([key.id]);
    expect(plan.toArchive.map((e) => e.findingId)).toEqual([secretFinding(1).id]);
  });

  it("holds a user's key findings open when the credential report has no row for that user, and only that user's", async () => {
    const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
    const keyOf = (name: string) =>
      roleFinding(1, {
        id: `stale-key-${name}`,
        type: 'STALE_ACCESS_KEY',
        resource: { type: 'AwsIamAccessKey', id: `${user(name)}/access-key/1`, name: `${name} key 1`, principalArn: user(name), accessKeySlot: 1 },
      });
    const approvalKey = `CHG-7|${user('recreated')}|access-key|`;
    const notProvisioned = roleFinding(1, {
      id: 'not-provisioned-recreated',
      type: 'APPROVED_NOT_PROVISIONED',
      resource: { type: 'AwsIamUser', id: user('recreated'), name: 'recreated' },
      approval: { key: approvalKey, ticketId: 'CHG-7', approvedBy: 'alice@example.com', approvedAt: '2026-09-01T10:00:00Z', status: 'approved', risk: 'standard' },
    });
    await sweep(resultOf([keyOf('recreated'), keyOf('rotated'), notProvisioned]), T0);
    const plan = await ledger.plan(resultOf([], { keysUnread: [user('recreated')] }), daysAfter(1));
    expect(plan.held.map((e) => e.findingId).sort()).toEqual(['not-provisioned-recreated', 'stale-key-recreated']);
    expect(plan.toArchive.map((e) => e.findingId)).toEqual(['stale-key-rotated']);
  });

  it('archives nothing when the result names an inventory part it does not know', async () => {
    await sweep(resultOf([roleFinding(1), secretFinding(1)]), T0);
    const plan = await ledger.plan(resultOf([], { incomplete: ['organizations'] }), daysAfter(1));
    expect(plan.toArchive).toEqual([]);
    expect(plan.held).toHaveLength(2);
  });

  it('leaves entries of other accounts alone when archiving', async () => {
    await sweep(resultOf([roleFinding(1, {}, OTHER_ACCOUNT)], { accountId: OTHER_ACCOUNT }), T0);
    await sweep(resultOf([roleFinding(1)]), T0);
    const plan = await ledger.plan(resultOf([]), daysAfter(1));
    expect(plan.toArchive.map((e) => e.accountId)).toEqual([ACCOUNT]);
    expect(await ledger.load(OTHER_ACCOUNT)).toHaveLength(1);
  });

  it('archives only the entries of the principal in scope when a principal is given', async () => {
    await sweep(resultOf(roleFindings(3)), T0);
    const scope = roleFinding(2).resource.id;
    const plan = await ledger.plan(resultOf([]), daysAfter(1), { principal: scope });
    expect(plan.toArchive.map((e) => e.resourceId)).toEqual([scope]);
  });

  it('scopes by the exact principal when another user\'s path starts with the principal\'s ARN', async () => {
    const team = `arn:aws:iam::${ACCOUNT}:user/team`;
    const alice = `arn:aws:iam::${ACCOUNT}:user/team/alice`;
    const aliceKey = keyFinding(alice, 'alice');
    await sweep(resultOf([roleFinding(1, { resource: { type: 'AwsIamUser', id: alice, name: 'alice' }, id: 'alice-user' }), aliceKey]), T0);
    const plan = await ledger.plan(resultOf([]), daysAfter(1), { principal: team });
    expect(plan.toArchive).toEqual([]);
    expect(plan.held).toEqual([]);
  });

  it('never archives when the read is partial: what is gone is held for a complete read', async () => {
    await sweep(resultOf(roleFindings(2)), T0);
    const plan = await ledger.plan(resultOf([]), daysAfter(1), { read: 'partial', principal: roleFinding(1).resource.id });
    expect(plan.toArchive).toEqual([]);
    expect(plan.held.map((e) => e.principalArn)).toEqual([roleFinding(1).resource.id]);
  });

  it('withholds a lower severity from a partial read and imports a higher one', async () => {
    await sweep(resultOf([roleFinding(1, { severity: 'HIGH', privileged: true }), roleFinding(2)]), T0);
    const lowered = roleFinding(1, { severity: 'MEDIUM', privileged: false });
    const raised = roleFinding(2, { severity: 'HIGH' });
    const plan = await ledger.plan(resultOf([lowered, raised]), daysAfter(1), { read: 'partial' });
    expect(plan.withheld).toEqual([{ findingId: lowered.id, reason: 'severity HIGH → MEDIUM' }]);
    expect(plan.toImport.map((i) => [i.finding.id, i.reason])).toEqual([[raised.id, 'changed']]);
  });

  it('withholds a finding that would stop being privileged or become exempt from a partial read', async () => {
    await sweep(resultOf([roleFinding(1, { privileged: true }), roleFinding(2)]), T0);
    const unprivileged = roleFinding(1, { privileged: false });
    const exempt = roleFinding(2, { exempt: { source: 'tag', reason: 'tally:exempt=yes' } });
    const plan = await ledger.plan(resultOf([unprivileged, exempt]), daysAfter(1), { read: 'partial' });
    expect(plan.withheld.map((w) => w.reason)).toEqual(['privileged → not privileged', 'not exempt → exempt']);
    expect(plan.toImport).toEqual([]);
  });

  it('lowers and archives on a complete read', async () => {
    await sweep(resultOf([roleFinding(1, { severity: 'HIGH' }), roleFinding(2)]), T0);
    const plan = await ledger.plan(resultOf([roleFinding(1, { severity: 'MEDIUM' })]), daysAfter(1));
    expect(plan.withheld).toEqual([]);
    expect(plan.toImport.map((i) => i.reason)).toEqual(['changed']);
    expect(plan.toArchive.map((e) => e.resourceId)).toEqual([roleFinding(2).resource.id]);
  });

  it('neither archives nor lowers the findings of a protected principal on a complete read', async () => {
    await sweep(resultOf([roleFinding(1, { severity: 'HIGH' }), roleFinding(2), roleFinding(3)]), T0);
    const protectedPrincipals = [roleFinding(1).resource.id, roleFinding(2).resource.id];
    const plan = await ledger.plan(resultOf([roleFinding(1, { severity: 'LOW' })]), daysAfter(1), { protectedPrincipals });
    expect(plan.withheld.map((w) => w.findingId)).toEqual([roleFinding(1).id]);
    expect(plan.held.map((e) => e.principalArn)).toEqual([roleFinding(2).resource.id]);
    expect(plan.toArchive.map((e) => e.resourceId)).toEqual([roleFinding(3).resource.id]);
  });

  it('protects a secret approved by name and nothing else', async () => {
    await sweep(resultOf([secretFinding(1), secretFinding(2)]), T0);
    const plan = await ledger.plan(resultOf([]), daysAfter(1), { protectedPrincipals: ['prod/db-1'] });
    expect(plan.held.map((e) => e.principalArn)).toEqual([secretFinding(1).resource.id]);
    expect(plan.toArchive.map((e) => e.resourceId)).toEqual([secretFinding(2).resource.id]);
  });

  it('archives nothing when an unreadable approval named no principal', async () => {
    await sweep(resultOf(roleFindings(2)), T0);
    const plan = await ledger.plan(resultOf([]), daysAfter(1), { protectAll: true });
    expect(plan.toArchive).toEqual([]);
    expect(plan.held).toHaveLength(2);
  });

  it("closes the findings of a key Tally's action deactivated: open or never imported, once, keeping firstSeen", async () => {
    const alice = keyFinding('arn:aws:iam::123456789012:user/alice', 'alice');
    const bob = keyFinding('arn:aws:iam::123456789012:user/bob', 'bob');
    await sweep(resultOf([alice, roleFinding(1)]), T0);
    const closedBy = new Map([
      [alice.resource.id, 'run-2/f-alice'],
      [bob.resource.id, 'run-2/f-bob'],
    ]);
    const plan = await ledger.plan(resultOf([alice, bob, roleFinding(1)]), daysAfter(1), { closedBy });
    expect(plan.toClose.map((c) => [c.finding.id, c.actionId, c.firstSeen])).toEqual([
      [alice.id, 'run-2/f-alice', T0],
      [bob.id, 'run-2/f-bob', daysAfter(1)],
    ]);
    expect(plan.toImport).toEqual([]);
    expect(plan.unchanged).toBe(1);
    await ledger.commit(plan.toClose.map((c) => closedEntry(c, toClosedByActionAsff(toAsff(c.finding, ctx, { createdAt: c.firstSeen, updatedAt: c.updatedAt }), c.actionId), daysAfter(1))));
    // A retry of the run (same result, same closures): already closed, nothing to send.
    const again = await ledger.plan(resultOf([alice, bob, roleFinding(1)]), daysAfter(1), { closedBy });
    expect(again.toClose).toEqual([]);
    expect(again.unchanged).toBe(3);
  });

  it('leaves the findings of a protected principal open even when an action closed its key', async () => {
    const alice = keyFinding('arn:aws:iam::123456789012:user/alice', 'alice');
    await sweep(resultOf([alice]), T0);
    const plan = await ledger.plan(resultOf([alice]), daysAfter(1), { closedBy: new Map([[alice.resource.id, 'run-2/f']]), protectedPrincipals: ['arn:aws:iam::123456789012:user/alice'] });
    expect(plan.toClose).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it('re-opens a cleared finding with a new firstSeen and an UpdatedAt past the archived copy', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    await sweep(resultOf([]), daysAfter(1));
    expect(await ledger.load(ACCOUNT)).toEqual([]);
    const [item] = (await ledger.plan(resultOf([roleFinding(1)]), daysAfter(1))).toImport;
    expect(item).toMatchObject({ reason: 'reopened', firstSeen: daysAfter(1), updatedAt: '2026-11-21T00:00:00.001Z' });
  });

  it('refuses a finding of another account when planning', async () => {
    const result = resultOf([roleFinding(1, {}, OTHER_ACCOUNT)]);
    await expect(ledger.plan(result, T0)).rejects.toBeInstanceOf(ForeignAccountError);
  });
});

describe('FindingsLedger storage', () => {
  it('round-trips an entry with its ASFF document when committed and loaded', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    const [entry] = await openEntries(ledger, ACCOUNT);
    expect(entry).toMatchObject({ findingId: roleFinding(1).id, accountId: ACCOUNT, type: 'UNUSED_ROLE', state: 'ACTIVE', parts: ['iam'], firstSeen: T0, lastSeen: T0, lastImportedAt: T0, updatedAt: T0 });
    expect(entry?.asff).toEqual(toAsff(roleFinding(1), ctx, { createdAt: T0, updatedAt: T0 }));
    expect(entry?.expiresAt).toBeUndefined();
  });

  it('sets a TTL one year after archiving when an entry is archived', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    await sweep(resultOf([]), daysAfter(1));
    const entry = (await ledger.get([roleFinding(1).id], daysAfter(1))).get(roleFinding(1).id);
    expect(entry).toMatchObject({ state: 'ARCHIVED', archivedAt: daysAfter(1), expiresAt: Date.parse(daysAfter(366)) / 1000 });
    expect(entry?.asff).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' }, CreatedAt: T0 });
  });

  it('treats an archived entry past its TTL as absent when DynamoDB has not yet deleted it', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    await sweep(resultOf([]), daysAfter(1));
    expect((await ledger.get([roleFinding(1).id], daysAfter(367))).size).toBe(0);
    const [item] = (await ledger.plan(resultOf([roleFinding(1)]), daysAfter(367))).toImport;
    expect(item?.reason).toBe('new');
  });

  it('keeps the newer entry when a commit carries an older UpdatedAt', async () => {
    await sweep(resultOf([roleFinding(1)]), T0);
    const plan = await ledger.plan(resultOf([roleFinding(1, { severity: 'HIGH' })]), daysAfter(2));
    const item = plan.toImport[0]!;
    await ledger.commit([importedEntry(item, toAsff(item.finding, ctx, { updatedAt: item.updatedAt }), daysAfter(2))]);
    const stale = importedEntry({ ...item, updatedAt: daysAfter(1) }, toAsff(roleFinding(1), ctx), daysAfter(1));
    expect(await ledger.commit([stale])).toEqual({ written: 0, superseded: [roleFinding(1).id] });
    expect((await ledger.load(ACCOUNT))[0]?.updatedAt).toBe(daysAfter(2));
  });

  it('gets more than 100 entries when asked for them by id', async () => {
    await sweep(resultOf(roleFindings(230)), T0);
    const ids = roleFindings(230).map((f) => f.id);
    expect((await ledger.get([...ids, 'tally/none'], T0)).size).toBe(230);
    expect(await ledger.load(ACCOUNT)).toHaveLength(230);
  });

  it('throws a LedgerError naming the entry when an item is malformed', async () => {
    const item = toLedgerItem(importedEntry((await ledger.plan(resultOf([roleFinding(1)]), T0)).toImport[0]!, toAsff(roleFinding(1), ctx), T0));
    await db.doc.send(new PutCommand({ TableName: ledger.tableName, Item: { ...item, fingerprint: 'not-a-hash' } }));
    const error = await ledger.load(ACCOUNT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ operation: 'parse', context: { findingId: roleFinding(1).id } });
    expect((error as Error).cause).toBeDefined();
  });

  it('throws a LedgerError with the cause when the table does not exist', async () => {
    const missing = new FindingsLedger({ client: db.doc, tableName: 'no-such-table' });
    const error = await missing.load(ACCOUNT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('fingerprint of access key findings', () => {
  it('is the same whether the key was named by slot (full sweep) or by key id (event path)', async () => {
    const { fingerprint: fp } = await import('../../lib/sinks/ledger-table');
    const base = roleFinding(1, { type: 'STALE_ACCESS_KEY' });
    const owner = 'arn:aws:iam::123456789012:user/svc-a';
    const bySlot = { ...base, resource: { type: 'AwsIamAccessKey' as const, id: `${owner}/access-key/1`, name: 'svc-a key 1', principalArn: owner, accessKeySlot: 1 as const, createdAt: '2026-01-01T00:00:00.000Z' } };
    const byId = { ...base, resource: { type: 'AwsIamAccessKey' as const, id: `${owner}/access-key/AKIAIOSFODNN7EXAMPLE`, name: 'svc-a key 1 (AKIAIOSFODNN7EXAMPLE)', principalArn: owner, accessKeySlot: 1 as const, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2026-01-01T00:00:00.000Z' } };
    expect(fp(byId)).toBe(fp(bySlot));
    expect(fp({ ...bySlot, resource: { ...bySlot.resource, createdAt: '2026-02-01T00:00:00.000Z' } })).not.toBe(fp(bySlot));
  });
});
