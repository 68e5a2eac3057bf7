import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AuditReadError, AuditWriteError } from '../../lib/actions/action-errors';
import { DynamoAuditLog, type AuditSink } from '../../lib/actions/audit-log';
import { CallCounter, countCalls } from '../../lib/aws/call-counter';
import { MemoryAuditLog } from '../../lib/actions/memory-audit-log';
import {
  AUDIT_TABLE,
  auditSortKey,
  deactivationKey,
  memoryPartition,
  secretVersionKey,
  sightingKey,
  type AuditRecord,
  type Deactivation,
  type SecretVersionDate,
  type Sighting,
} from '../../lib/actions/audit-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { NOW } from '../core/builders';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const rec = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  runId: 'run-1',
  sk: auditSortKey('f-1', 'plan', 'planned'),
  seq: 0,
  phase: 'plan',
  findingId: 'f-1',
  action: 'deactivate-access-key',
  mode: 'report',
  decision: 'planned',
  reason: 'STALE_ACCESS_KEY',
  userArn: 'arn:aws:iam::123456789012:user/svc-a',
  userName: 'svc-a',
  accessKeySlot: 1,
  before: { status: 'Active', lastUsed: null },
  actor: 'tally',
  at: NOW,
  ...over,
});

describe('DynamoAuditLog', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('audit', AUDIT_TABLE));
  });
  afterAll(() => db.stop());

  it('keeps the first record and reports a duplicate when the same record is put twice', async () => {
    const log = new DynamoAuditLog(db.doc, 'audit');
    expect(await log.record(rec())).toBe('written');
    expect(await log.record(rec({ reason: 'changed' }))).toBe('duplicate');
    expect(await log.list('run-1')).toEqual([rec()]);
  });

  it('orders a run by finding, plan before result, and keeps null last use', async () => {
    const log = new DynamoAuditLog(db.doc, 'audit');
    const result = rec({ runId: 'run-2', phase: 'result', decision: 'deactivated', sk: auditSortKey('f-1', 'result', 'deactivated'), after: { status: 'Inactive' } });
    await log.record(result);
    await log.record(rec({ runId: 'run-2' }));
    expect((await log.list('run-2')).map((r) => [r.phase, r.before?.lastUsed])).toEqual([
      ['plan', null],
      ['result', null],
    ]);
  });

  it('raises an audit error naming the table when the table does not exist', async () => {
    const log = new DynamoAuditLog(db.doc, 'missing');
    await expect(log.record(rec())).rejects.toBeInstanceOf(AuditWriteError);
    await expect(log.record(rec())).rejects.toThrow(/audit log missing: cannot record f-1 of run run-1/);
  });

  it('records 250 plan records of a run in 3 calls, and finds every one a duplicate when the run is retried', async () => {
    const log = new DynamoAuditLog(db.doc, 'audit');
    const recs = Array.from({ length: 250 }, (_, i) => rec({ runId: 'run-many', findingId: `f-${i}`, sk: auditSortKey(`f-${i}`, 'plan', 'planned'), seq: i }));
    db.received.length = 0;
    expect(new Set(await log.recordMany(recs))).toEqual(new Set(['written']));
    expect(db.received).toEqual(['TransactWriteItems', 'TransactWriteItems', 'TransactWriteItems']);
    expect(await log.list('run-many')).toHaveLength(250);
    expect(new Set(await log.recordMany(recs))).toEqual(new Set(['duplicate']));
  });

  it('refuses a malformed record before writing it', async () => {
    const log = new DynamoAuditLog(db.doc, 'audit');
    await expect(log.record(rec({ runId: 'run-3', at: 'yesterday' }))).rejects.toBeInstanceOf(AuditWriteError);
    expect(await log.list('run-3')).toEqual([]);
  });
});

const DAY_S = 86_400;
const sighting = (firstSeen: string, seenBy: string): Sighting => ({
  ...sightingKey('123456789012', 'arn:aws:iam::123456789012:user/svc-a/access-key@2026-03-01T09:00:00.000Z'),
  findingId: 'f-1',
  userArn: 'arn:aws:iam::123456789012:user/svc-a',
  firstSeen,
  seenBy,
  ttl: Date.parse(firstSeen) / 1000 + 400 * DAY_S,
});
const later = (days: number) => new Date(Date.parse(NOW) + days * DAY_S * 1000).toISOString();

let tables = 0;
/** Logs over one store, a new one for each run (a DynamoDB audit log reads the account's memory once per instance). */
type Runs = () => AuditSink;
const dynamoRuns = (prefix: string) => async (db: LocalDynamo): Promise<Runs> => {
  const name = `${prefix}-${++tables}`;
  await db.createTable(createTableInput(name, AUDIT_TABLE));
  return () => new DynamoAuditLog(db.doc, name);
};
const memoryRuns = async (): Promise<Runs> => {
  const log = new MemoryAuditLog();
  return () => log;
};

describe.each([
  ['DynamoAuditLog', dynamoRuns('audit')],
  ['MemoryAuditLog', memoryRuns],
])('%s first sightings and deactivations', (_name, make) => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('keeps the first sighting while it is in force, and lets a sighting past its TTL be replaced and read as gone', async () => {
    const run = await make(db);
    expect(await run().sight(sighting(NOW, 'run-1'))).toBe(true);
    expect(await run().sight(sighting(later(3), 'run-2'))).toBe(false);
    expect([...(await run().sightings('123456789012', later(3))).entries()].map(([id, s]) => [id, s.firstSeen, s.seenBy])).toEqual([
      ['arn:aws:iam::123456789012:user/svc-a/access-key@2026-03-01T09:00:00.000Z', NOW, 'run-1'],
    ]);
    // Past its 400 days and not yet deleted by DynamoDB: no longer a sighting, and the next run's replaces it.
    expect((await run().sightings('123456789012', later(401))).size).toBe(0);
    expect(await run().sight(sighting(later(401), 'run-3'))).toBe(true);
    expect([...(await run().sightings('123456789012', later(401))).values()].map((s) => s.seenBy)).toEqual(['run-3']);
    expect((await run().sightings('210987654321', later(401))).size).toBe(0);
  });

  it('reads back the deactivations made at or after an instant, oldest first, once each, until they expire', async () => {
    const run = await make(db);
    const log = run();
    const off = (hoursAfter: number, accessKeyId: string, by = 'run-1'): Deactivation => {
      const at = new Date(Date.parse(NOW) + hoursAfter * 3_600_000).toISOString();
      return {
        ...deactivationKey('123456789012', at, accessKeyId),
        userArn: 'arn:aws:iam::123456789012:user/svc-a',
        accessKeySlot: 1,
        accessKeyId,
        findingId: `f-${accessKeyId}`,
        decision: 'deactivated',
        deactivatedBy: by,
        at,
        ttl: Math.ceil(Date.parse(at) / 1000) + 7 * DAY_S,
      };
    };
    await log.deactivated(off(3, 'AKIAEXAMPLEKEY000003'));
    await log.deactivated(off(1, 'AKIAEXAMPLEKEY000001'));
    await log.deactivated(off(1, 'AKIAEXAMPLEKEY000001', 'run-again'));
    await log.deactivated({ ...off(2, 'AKIAEXAMPLEKEY000002'), ...deactivationKey('210987654321', off(2, 'x').at, 'AKIAEXAMPLEKEY000002') });
    // A credential report generated at NOT+1h still showed the key deactivated at that instant (same-instant: included).
    const since = (h: number) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString().replace('.000Z', '+00:00');
    expect((await run().deactivationsSince('123456789012', since(1), later(1))).map((d) => [d.accessKeyId, d.deactivatedBy])).toEqual([
      ['AKIAEXAMPLEKEY000001', 'run-1'],
      ['AKIAEXAMPLEKEY000003', 'run-1'],
    ]);
    expect((await run().deactivationsSince('123456789012', since(2), later(1))).map((d) => d.accessKeyId)).toEqual(['AKIAEXAMPLEKEY000003']);
    expect(await run().deactivationsSince('123456789012', since(0), later(8))).toEqual([]);
  });
});

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ext/partner-AbCdEf';
const version = (versionId: string, createdAt: string, rememberedAt: string, by: string): SecretVersionDate => ({
  ...secretVersionKey('123456789012', { secretArn: SECRET, versionId }),
  createdAt,
  rememberedAt,
  rememberedBy: by,
  ttl: Date.parse(rememberedAt) / 1000 + 400 * DAY_S,
});

describe.each([
  ['DynamoAuditLog', dynamoRuns('versions')],
  ['MemoryAuditLog', memoryRuns],
])('%s remembered secret versions', (_name, make) => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('keeps the first date of a version while in force, reads the account back by secret and version, and replaces one past its TTL', async () => {
    const run = await make(db);
    const log = run();
    const v1 = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    const v2 = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE22222';
    await log.rememberVersion(version(v1, '2025-03-01T10:00:00.000Z', NOW, 'run-1'));
    await log.rememberVersion(version(v1, '2025-03-01T10:00:00.000Z', later(1), 'run-2'));
    await log.rememberVersion(version(v2, '2026-11-01T08:30:00.000Z', later(1), 'run-2'));
    await log.rememberVersion({ ...version(v1, '2025-03-01T10:00:00.000Z', NOW, 'run-1'), runId: memoryPartition('210987654321') });
    const read = await run().rememberedVersions('123456789012', later(2));
    expect([...read.entries()].map(([sk, v]) => [sk, v.createdAt, v.rememberedBy]).sort()).toEqual([
      [`${SECRET}#${v1}`, '2025-03-01T10:00:00.000Z', 'run-1'],
      [`${SECRET}#${v2}`, '2026-11-01T08:30:00.000Z', 'run-2'],
    ]);
    // Past its 400 days and not yet deleted by DynamoDB: no longer remembered, and the next sweep's put replaces it.
    expect([...(await run().rememberedVersions('123456789012', later(400.5))).keys()]).toEqual([`${SECRET}#${v2}`]);
    await run().rememberVersion(version(v1, '2025-03-01T10:00:00.000Z', later(400.5), 'run-3'));
    expect((await run().rememberedVersions('123456789012', later(400.5))).get(`${SECRET}#${v1}`)?.rememberedBy).toBe('run-3');
  });
});

describe('DynamoAuditLog remembered secret versions', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('audit', AUDIT_TABLE));
  });
  afterAll(() => db.stop());

  it('leaves out an item that does not parse, so its secret is read again, when the partition holds one', async () => {
    await new DynamoAuditLog(db.doc, 'audit').rememberVersion(version('v-good', '2025-03-01T10:00:00.000Z', NOW, 'run-1'));
    const log = new DynamoAuditLog(db.doc, 'audit');
    await db.doc.send(new PutCommand({ TableName: 'audit', Item: { runId: memoryPartition('123456789012'), sk: `ver#${SECRET}#v-bad`, createdAt: 'last spring', ttl: 9_999_999_999 } }));
    expect([...(await log.rememberedVersions('123456789012', NOW)).keys()]).toEqual([`${SECRET}#v-good`]);
  });

  it('raises an audit write error naming the version when the table does not exist', async () => {
    const log = new DynamoAuditLog(db.doc, 'missing');
    await expect(log.rememberVersion(version('v-1', '2025-03-01T10:00:00.000Z', NOW, 'run-1'))).rejects.toThrow(/audit log missing: cannot record secret version .*#v-1 of run run-1/);
    await expect(log.rememberedVersions('123456789012', NOW)).rejects.toBeInstanceOf(AuditReadError);
  });
});

describe('DynamoAuditLog account memory', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
    await db.createTable(createTableInput('memory', AUDIT_TABLE));
  });
  afterAll(() => db.stop());

  it('reads sightings, deactivations, version dates and warnings of an account with one Query per run, and a later run reads them anew', async () => {
    const earlier = new DynamoAuditLog(db.doc, 'memory');
    await earlier.sight(sighting(NOW, 'run-1'));
    await earlier.rememberVersion(version('v-1', '2025-03-01T10:00:00.000Z', NOW, 'run-1'));
    await earlier.warningsSent('123456789012', ['w-1'], NOW);
    const calls = new CallCounter();
    const log = new DynamoAuditLog(countCalls(db.doc, calls), 'memory');
    expect((await log.sightings('123456789012', NOW)).size).toBe(1);
    expect([...(await log.rememberedVersions('123456789012', NOW)).keys()]).toEqual([`${SECRET}#v-1`]);
    expect([...(await log.sentWarnings('123456789012', NOW))]).toEqual(['w-1']);
    expect(await log.deactivationsSince('123456789012', NOW, NOW)).toEqual([]);
    expect(calls.byAction()).toEqual({ 'dynamodb:Query': 1 });

    await earlier.warningsSent('123456789012', ['w-2'], NOW);
    expect([...(await log.sentWarnings('123456789012', NOW))]).toEqual(['w-1']);
    expect([...(await new DynamoAuditLog(db.doc, 'memory').sentWarnings('123456789012', NOW))].sort()).toEqual(['w-1', 'w-2']);
  });
});

describe('MemoryAuditLog', () => {
  it('has the same once-only semantics when used without a table', async () => {
    const log = new MemoryAuditLog();
    expect(await log.record(rec())).toBe('written');
    expect(await log.record(rec())).toBe('duplicate');
    expect(await log.list('run-1')).toHaveLength(1);
  });
});
