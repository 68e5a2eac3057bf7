import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryParts } from '../../lib/sinks/ledger-table';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { World } from './fault-world';
import { attempt, checkConverged, checkFaultedRun, createTables, reference, sweep, type Reference } from './scenario';
import { FAULT_KINDS, Faults, type FaultKind } from './sdk-faults';

/**
 * A fault schedule over the calls of one sweep, in call order across every dependency (IAM, SM, STS,
 * SH, EB, DynamoDB): 1–4 calls fail, each with its own kind, every other call is `ok`. Sparse on
 * purpose, so that a run often gets past its faults and what it reports can be checked.
 */
const SCHEDULED_CALLS = 64;
const schedule = fc
  .uniqueArray(fc.record({ at: fc.nat({ max: SCHEDULED_CALLS - 1 }), kind: fc.constantFrom<FaultKind>(...FAULT_KINDS) }), { minLength: 1, maxLength: 4, selector: (f) => f.at })
  .map((faults) => {
    const out: (FaultKind | 'ok')[] = Array.from({ length: SCHEDULED_CALLS }, () => 'ok');
    for (const f of faults) out[f.at] = f.kind;
    return out;
  });

describe('property: any schedule of faults over a full sweep, then one clean re-run of the same run id', () => {
  const mocks = World.mocks();
  let db: LocalDynamo;
  let ref: Reference;
  let calls = 0;

  beforeAll(async () => {
    db = await startDynalite();
    ref = await reference(db, mocks);
  });
  afterAll(() => db.stop());

  it('a clean sweep makes enough calls for the schedule to reach every dependency', async () => {
    const faults = new Faults();
    new World(faults).wire(mocks);
    await sweep(db, faults, await createTables(db), 'count');
    calls = faults.calls.length;
    const services = new Set(faults.calls.map((c) => c.split(':')[0]));
    expect(services).toEqual(new Set(['sts', 'iam', 'sm', 'sh', 'eb', 'ddb']));
    expect(calls).toBeGreaterThan(30);
    expect(calls).toBeLessThanOrEqual(SCHEDULED_CALLS);
  });

  it('never a false finding, never a lost finding, never a duplicated key action', async () => {
    let faulted = 0;
    await fc.assert(
      fc.asyncProperty(schedule, async (kinds) => {
        const faults = new Faults();
        const world = new World(faults);
        world.wire(mocks);
        const tables = await createTables(db);
        faults.schedule = kinds;
        const first = await attempt(() => sweep(db, faults, tables, 'run-p'));
        if (faults.hits.length > 0) faulted += 1;
        await checkFaultedRun(db, world, tables, first, ref);
        if (first.report) {
          // Nothing is derived from a part that was not read.
          const unread = new Set(first.report.result.incomplete);
          const fromUnread = first.report.result.findings.filter((f) => f.type !== 'RECONCILED' && inventoryParts(f).some((p) => unread.has(p)));
          expect(fromUnread.map((f) => f.id)).toEqual([]);
        }
        faults.reset();
        const clean = await sweep(db, faults, tables, 'run-p');
        await checkConverged(db, world, tables, 'run-p', clean, ref);
      }),
      { numRuns: 40, seed: 0x7a11, endOnFailure: true },
    );
    expect(faulted).toBeGreaterThan(25);
    // 80 full sweeps: about 15 s on a quiet 2-core machine; room for a machine that is busy.
  }, 120_000);
});
