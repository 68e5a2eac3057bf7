import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lib/actions/audit-log';
import { AUDIT_TABLE, memoryPartition } from '../../lib/actions/audit-table';
import { applyKeyExpiry, keyExpiryInputs, type KeyExpiryDeps } from '../../lib/actions/key-expiry';
import { createTableInput } from '../../lib/aws/table-spec';
import { daysAgo, inventory, key, NOW, user } from '../core/builders';
import { run } from '../core/run';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { iam, iamMock, mockUserKeys } from './iam-fixtures';

const ACCOUNT = '123456789012';
const DAY = 86_400_000;
const KEY = 'AKIASVCAXXXXXXXXXXX1';
/** svc-a's key 1: created 200 days before NOW, last used 100 days before: stale and unused. */
const inv = inventory({ users: [user('svc-a', { accessKeys: [key(1, 200, 100)] })] });
const result = run(inv);
const at = (days: number) => new Date(Date.parse(NOW) + days * DAY);

let db: LocalDynamo;
let table: string;
let tables = 0;
let runs = 0;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  table = `audit-seen-${++tables}`;
  await db.createTable(createTableInput(table, AUDIT_TABLE));
  iamMock.reset();
  iamMock.on(UpdateAccessKeyCommand).resolves({});
  mockUserKeys('svc-a', [{ id: KEY, created: daysAgo(200), lastUsed: daysAgo(100) }]);
});

/** A run at `days` after NOW with the audit table and, only when given, a ledger. */
function sweep(days: number, mode: 'report' | 'enforce', over: Partial<KeyExpiryDeps> = {}) {
  const clock = () => at(days);
  const deps: KeyExpiryDeps = { iam, audit: new DynamoAuditLog(db.doc, table), ...keyExpiryInputs(result, inv), clock, wallClock: clock, ...over };
  return applyKeyExpiry(result.actions, deps, { runId: `seen-run-${++runs}`, mode, graceDays: 7 });
}

const updates = () => iamMock.commandCalls(UpdateAccessKeyCommand).length;

async function sightings(): Promise<Record<string, unknown>[]> {
  const page = await db.doc.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'runId = :p AND begins_with(sk, :seen)', ExpressionAttributeValues: { ':p': memoryPartition(ACCOUNT), ':seen': 'seen#' } }),
  );
  return page.Items ?? [];
}

describe('first sightings in the audit table', () => {
  it('acts once the audit table\'s first sighting is older than the grace, and not before, when no ledger is configured', async () => {
    expect((await sweep(0, 'report')).outcomes[0]?.decision).toBe('skipped-grace');

    const early = await sweep(6, 'enforce');
    expect(early.outcomes[0]?.decision).toBe('skipped-grace');
    expect(early.outcomes[0]?.reason).toContain(`first seen ${NOW}`);
    expect(updates()).toBe(0);

    const late = await sweep(8, 'enforce');
    expect(late.outcomes[0]?.decision).toBe('deactivated');
    expect(updates()).toBe(1);
  });

  it('records the first sighting in a report-mode run and never overwrites it', async () => {
    await sweep(0, 'report');
    await sweep(3, 'report');
    const items = await sightings();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ findingId: result.actions[0]!.findingId, userArn: `arn:aws:iam::${ACCOUNT}:user/svc-a`, firstSeen: NOW });
    // Kept while the finding could still be acted on: 400 days after the sighting.
    expect(items[0]?.ttl).toBe(Date.parse(NOW) / 1000 + 400 * 86_400);
  });

  it('counts a ledger firstSeen older than the audit table\'s sighting', async () => {
    await sweep(0, 'report');
    expect((await sightings()).map((i) => i.firstSeen)).toEqual([NOW]);
    const report = await sweep(1, 'enforce', { firstSeen: () => daysAgo(30) });
    expect(report.outcomes[0]?.decision).toBe('deactivated');
  });

  it('counts the audit table\'s sighting when it is older than the ledger\'s firstSeen', async () => {
    await sweep(0, 'report');
    const report = await sweep(8, 'enforce', { firstSeen: () => at(7).toISOString() });
    expect(report.outcomes[0]?.decision).toBe('deactivated');
  });

  it('acts on the audit table\'s sighting alone when the ledger cannot be read, and says the ledger was unknown while grace holds', async () => {
    await sweep(0, 'report');
    const failing = () => Promise.reject(new Error('ProvisionedThroughputExceededException'));
    const early = await sweep(2, 'enforce', { firstSeen: failing });
    expect(early.outcomes[0]?.decision).toBe('skipped-grace');
    expect(early.outcomes[0]?.reason).toMatch(/^first sighting unknown \(findings ledger: .*ProvisionedThroughput.*\); first seen 2026-11-20/);
    expect((await sweep(8, 'enforce', { firstSeen: failing })).outcomes[0]?.decision).toBe('deactivated');
  });
});
