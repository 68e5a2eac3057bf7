import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../lib/actions/audit-log';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { applyKeyExpiry, keyExpiryInputs, type KeyExpiryReport } from '../../lib/actions/key-expiry';
import { createTableInput } from '../../lib/aws/table-spec';
import { daysAgo, inventory, key, NOW, user } from '../core/builders';
import { run } from '../core/run';
import { iam, iamMock, mockUserKeys } from '../actions/iam-fixtures';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

/**
 * Two runs with different run ids acting on one account at once, each with its own keys and each
 * within the cap on its own, sharing one audit table on dynalite. Together they must not exceed
 * the cap. Each race runs 20 times so that an interleaving that loses shows up.
 */

const ITERATIONS = 20;
const CAP = 3;
const NAMES = ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'svc-e', 'svc-f'];
const keyId = (name: string) => `AKIA${name.replace(/[^a-z]/g, '').toUpperCase()}`.padEnd(20, 'X');
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());

const inv = inventory({ users: NAMES.map((n) => user(n, { accessKeys: [key(1, 200, 100)] })) });
const result = run(inv);

beforeEach(() => {
  iamMock.reset();
  for (const n of NAMES) mockUserKeys(n, [{ id: keyId(n), created: daysAgo(200), lastUsed: daysAgo(100) }]);
  iamMock.on(UpdateAccessKeyCommand).callsFake(async () => {
    await tick();
    return {};
  });
});

let tables = 0;
async function race(): Promise<KeyExpiryReport[]> {
  const name = `cap-audit-${++tables}`;
  await db.createTable(createTableInput(name, AUDIT_TABLE));
  const audit = new DynamoAuditLog(db.doc, name);
  const deps = { iam, audit, ...keyExpiryInputs(result, inv), firstSeen: () => daysAgo(30), clock: () => new Date(NOW) };
  const half = result.actions.length / 2;
  const plans = [result.actions.slice(0, half), result.actions.slice(half)];
  return Promise.all(plans.map((plan, i) => applyKeyExpiry(plan, deps, { runId: `run-${tables}-${i}`, mode: 'enforce', maxActions: CAP })));
}

describe('two runs of one account at once, each within the cap on its own', () => {
  it(`deactivate no more keys together than the cap (${ITERATIONS} races)`, async () => {
    expect(result.actions).toHaveLength(NAMES.length);
    const over: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      iamMock.resetHistory();
      const reports = await race();
      const writes = iamMock.commandCalls(UpdateAccessKeyCommand).length;
      if (writes > CAP || reports.reduce((n, r) => n + r.deactivated, 0) > CAP) over.push(writes);
      for (const r of reports) expect(r.outcomes.map((o) => o.decision).every((d) => ['deactivated', 'blocked-by-cap', 'skipped-concurrent-run'].includes(d))).toBe(true);
    }
    expect(over, `UpdateAccessKey calls of races over the cap of ${CAP}`).toEqual([]);
  });
});
