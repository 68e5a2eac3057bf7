import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { findingId } from '../../lib/core/finding-id';
import type { Finding } from '../../lib/core/finding';
import { toAsff } from '../../lib/sinks/asff';
import { FindingsLedger, importedEntry, type SyncPlan } from '../../lib/sinks/findings-ledger';
import { OPEN_BY_PRINCIPAL, type LedgerEntry } from '../../lib/sinks/ledger-table';
import { ACCOUNT, daysAfter, resultOf, roleFinding, T0 } from '../fixtures/securityhub/findings';
import type { LocalDynamo } from '../support/dynalite';
import { ledgerPerTest } from '../support/ledger-per-test';

const ctx = { region: 'eu-west-1' };
let db: LocalDynamo;
let ledger: FindingsLedger;
ledgerPerTest('open-index', (d, l) => {
  db = d;
  ledger = l;
});

const alice = `arn:aws:iam::${ACCOUNT}:user/access-key/alice`;
/** A STALE_ACCESS_KEY finding on alice's first key, named by key id (whose resource id holds the user ARN). */
const aliceKey: Finding = {
  ...roleFinding(0),
  id: findingId(ACCOUNT, 'STALE_ACCESS_KEY', `${alice}/access-key@2026-01-01T00:00:00Z`),
  type: 'STALE_ACCESS_KEY',
  severity: 'HIGH',
  resource: { type: 'AwsIamAccessKey', id: `${alice}/access-key/AKIAIOSFODNN7EXAMPLE`, name: 'alice key 1', principalArn: alice, accessKeySlot: 1, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2026-01-01T00:00:00Z' },
};

/** The entry a sweep at T0 commits for `f`. */
function entryOf(f: Finding): LedgerEntry {
  return importedEntry({ finding: f, firstSeen: T0, updatedAt: T0, fingerprint: '0'.repeat(64) }, toAsff(f, ctx, { createdAt: T0, updatedAt: T0 }), T0);
}

/** The item an earlier Tally wrote: no open index attributes and, earlier still, no principal. */
async function putLegacy(e: LedgerEntry, withPrincipal = true): Promise<void> {
  const { standing: _standing, principalArn, ...rest } = e;
  await db.doc.send(new PutCommand({ TableName: ledger.tableName, Item: { ...rest, ...(withPrincipal ? { principalArn } : {}), asff: JSON.stringify(e.asff) } }));
}

/** Commits the plan's imports and archives as a sync does when Security Hub accepts everything. */
async function commit(plan: SyncPlan, now: string): Promise<void> {
  await ledger.commit(plan.toImport.map((i) => importedEntry(i, toAsff(i.finding, ctx, { createdAt: i.firstSeen, updatedAt: i.updatedAt }), now)));
}

describe('the open index of the findings ledger', () => {
  it('holds an open entry without its ASFF document, and drops it once archived', async () => {
    await ledger.commit([entryOf(roleFinding(1)), { ...entryOf(roleFinding(2)), state: 'ARCHIVED', archivedAt: T0, expiresAt: 1 }]);
    const page = await db.doc.send(new QueryCommand({ TableName: ledger.tableName, IndexName: OPEN_BY_PRINCIPAL, KeyConditionExpression: 'accountId = :a', ExpressionAttributeValues: { ':a': ACCOUNT } }));
    expect(page.Items).toHaveLength(1);
    expect(Object.keys(page.Items![0]!).sort()).toEqual(
      ['accountId', 'exempt', 'findingId', 'fingerprint', 'firstSeen', 'lastImportedAt', 'openPrincipal', 'parts', 'privileged', 'severity', 'updatedAt'].sort(),
    );
    expect(await ledger.load(ACCOUNT, undefined, T0)).toEqual([
      expect.objectContaining({ findingId: roleFinding(1).id, principalArn: roleFinding(1).resource.id, state: 'ACTIVE', standing: { severity: 'LOW', privileged: false, exempt: false } }),
    ]);
  });

  it("reads one principal's open entries, matched exactly", async () => {
    await ledger.commit([entryOf(aliceKey), entryOf(roleFinding(1))]);
    expect((await ledger.load(ACCOUNT, alice)).map((e) => e.findingId)).toEqual([aliceKey.id]);
    expect(await ledger.load(ACCOUNT, `${alice}x`)).toEqual([]);
  });

  it("plans an event (one principal) with one query of the index however many open entries the account holds", async () => {
    await ledger.load(ACCOUNT); // filled in: a fresh table
    // 400 open entries of about 3 KB: more than 1 MB of whole items, two pages of the account.
    await ledger.commit([entryOf(aliceKey), ...Array.from({ length: 400 }, (_, i) => entryOf(roleFinding(i + 1)))]);
    const send = vi.spyOn(db.doc, 'send');
    try {
      const plan = await ledger.plan(resultOf([aliceKey]), daysAfter(1), { read: 'partial', principal: alice });
      expect(plan.unchanged + plan.toImport.length).toBe(1);
      expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['QueryCommand']);
    } finally {
      send.mockRestore();
    }
  });

  it('fills in entries written before the index once, deriving a missing principal, then reads the index alone', async () => {
    await putLegacy(entryOf(aliceKey), false);
    await putLegacy(entryOf(roleFinding(1, { severity: 'CRITICAL', privileged: true })));

    const open = await ledger.load(ACCOUNT, undefined, T0);
    expect(open.map((e) => [e.findingId, e.principalArn, e.standing.severity, e.standing.privileged]).sort()).toEqual(
      [
        [aliceKey.id, alice, 'HIGH', false],
        [roleFinding(1).id, roleFinding(1).resource.id, 'CRITICAL', true],
      ].sort(),
    );
    // The event path finds them by principal now.
    expect((await ledger.load(ACCOUNT, alice)).map((e) => e.findingId)).toEqual([aliceKey.id]);
    // The marker stops the fill-in: an item written the old way afterwards is not read (an old Tally must not write beside this one).
    await putLegacy(entryOf(roleFinding(2)));
    expect((await ledger.load(ACCOUNT, undefined, daysAfter(1))).map((e) => e.findingId).sort()).toEqual([aliceKey.id, roleFinding(1).id].sort());
  });

  it('archives a filled-in entry whose finding is gone, from its whole item', async () => {
    await putLegacy(entryOf(aliceKey), false);
    const plan = await ledger.plan(resultOf([]), daysAfter(1));
    expect(plan.toArchive).toEqual([expect.objectContaining({ findingId: aliceKey.id, type: 'STALE_ACCESS_KEY', asff: entryOf(aliceKey).asff })]);
  });

  it('withholds the lowering of a filled-in entry from a partial read', async () => {
    await putLegacy(entryOf(aliceKey), false);
    const lowered = { ...aliceKey, severity: 'LOW' as const };
    const plan = await ledger.plan(resultOf([lowered]), daysAfter(1), { read: 'partial', principal: alice });
    expect(plan.withheld).toEqual([{ findingId: aliceKey.id, reason: 'severity HIGH → LOW' }]);
  });

  it('does not archive an entry that changed after its summary was read', async () => {
    const plan0 = await ledger.plan(resultOf([roleFinding(1)]), T0);
    await commit(plan0, T0);
    const [summary] = await ledger.load(ACCOUNT);
    // Another run re-imports the finding after this run read the open index.
    await commit(await ledger.plan(resultOf([roleFinding(1, { severity: 'HIGH' })]), daysAfter(1)), daysAfter(1));
    const plan = await ledger.plan(resultOf([]), daysAfter(2), { open: [summary!] });
    expect(plan.toArchive).toEqual([]);
    // Read afresh, it is archived.
    expect((await ledger.plan(resultOf([]), daysAfter(2))).toArchive.map((e) => [e.findingId, e.standing.severity])).toEqual([[roleFinding(1).id, 'HIGH']]);
  });
});
