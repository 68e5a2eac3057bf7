import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../lib/aws/table-spec';
import { toAsff } from '../../lib/sinks/asff';
import { FindingsLedger, importedEntry } from '../../lib/sinks/findings-ledger';
import { LEDGER_TABLE, nextUpdatedAt, type LedgerEntry } from '../../lib/sinks/ledger-table';
import { LedgerError } from '../../lib/sinks/sink-errors';
import { daysAfter, resultOf, roleFindings, T0 } from '../fixtures/securityhub/findings';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { ledgerPerTest } from '../support/ledger-per-test';

const ctx = { region: 'eu-west-1' };

/** The entries a first sync of `n` role findings commits once Security Hub took them. */
async function firstEntries(ledger: FindingsLedger, n: number, now = T0): Promise<LedgerEntry[]> {
  const plan = await ledger.plan(resultOf(roleFindings(n)), now);
  return plan.toImport.map((i) => importedEntry(i, toAsff(i.finding, ctx, { createdAt: i.firstSeen, updatedAt: i.updatedAt }), now));
}

describe('FindingsLedger.commit against dynalite', () => {
  let db: LocalDynamo;
  let ledger: FindingsLedger;
  ledgerPerTest('ledger-commit', (d, l) => {
    db = d;
    ledger = l;
  });

  it('commits 250 entries in 3 calls (TransactWriteItems of up to 100)', async () => {
    const entries = await firstEntries(ledger, 250);
    db.received.length = 0;
    expect(await ledger.commit(entries)).toEqual({ written: 250, superseded: [] });
    expect(db.received).toEqual(['TransactWriteItems', 'TransactWriteItems', 'TransactWriteItems']);
    expect((await ledger.load(entries[0]!.accountId)).length).toBe(250);
  });

  it('reports the entry a concurrent sweep committed with a later UpdatedAt superseded, and writes the other 99', async () => {
    const entries = await firstEntries(ledger, 100);
    const later = { ...entries[12]!, updatedAt: nextUpdatedAt(entries[12]!.updatedAt, daysAfter(1)), lastSeen: daysAfter(1) };
    await ledger.commit([later]);
    db.received.length = 0;
    expect(await ledger.commit(entries)).toEqual({ written: 99, superseded: [later.findingId] });
    expect(db.received).toEqual(['TransactWriteItems', 'TransactWriteItems']);
    const held = await ledger.get(entries.map((e) => e.findingId), daysAfter(1));
    expect(held.get(later.findingId)?.updatedAt).toBe(later.updatedAt);
    expect([...held.values()].filter((e) => e.updatedAt === entries[0]!.updatedAt)).toHaveLength(99);
  });

  it('puts one entry alone with PutItem, not a transaction', async () => {
    const [entry] = await firstEntries(ledger, 1);
    db.received.length = 0;
    expect(await ledger.commit([entry!])).toEqual({ written: 1, superseded: [] });
    expect(db.received).toEqual(['PutItem']);
  });
});

describe('FindingsLedger.commit against mocked SDK responses', () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const ddb = mockClient(doc);
  afterAll(() => ddb.restore());

  it('throws LedgerError naming an entry when its transaction fails as a whole, after writing the other transactions', async () => {
    ddb.reset();
    const db = await startDynalite();
    try {
      await db.createTable(createTableInput('ledger', LEDGER_TABLE));
      const entries = await firstEntries(new FindingsLedger({ client: db.doc, tableName: 'ledger' }), 150);
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
      ddb.on(TransactWriteCommand).rejectsOnce(throttled).resolves({});
      const error = await new FindingsLedger({ client: doc, tableName: 'ledger' }).commit(entries).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect(error).toMatchObject({ operation: 'commit', cause: throttled, context: { findingId: entries[0]!.findingId } });
      expect((error as Error).message).toContain(`transactional put of ${entries[0]!.findingId} (100 entries not written)`);
      expect(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems?.length)).toEqual([100, 50]);
      expect(ddb.commandCalls(PutCommand)).toEqual([]);
    } finally {
      await db.stop();
    }
  });
});
