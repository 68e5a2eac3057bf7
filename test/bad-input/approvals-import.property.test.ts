import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidApprovalError } from '../../lib/approvals/store-errors';
import { approvalKey, type Approval } from '../../lib/core/approval';
import { runApprovalsImport } from '../../lib/cli/approvals-command';
import { SnapshotError } from '../../lib/aws-shapes/snapshot-error';
import { approvalArb, toCsv } from '../approvals/approval-arbitraries';
import { freshStore } from '../approvals/store-fixtures';
import { snapshotDir } from '../snapshot/snapshot-dir';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

/**
 * A batch of approvals with some invalid records, through `ApprovalStore.importMany` on dynalite:
 * every valid record is imported, every invalid one is listed by key (or position) with its field,
 * and nothing invalid reaches the table.
 */

type Breakage = { field: string; value?: unknown };

/** One way to break a record, and the field the error must name. */
const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.record({ field: fc.constantFrom('ticketId', 'principal', 'entitlement', 'approvedBy', 'approvedAt') }), // removed
  fc.record({ field: fc.constantFrom('ticketId', 'principal', 'approvedBy'), value: fc.constantFrom(null, 42, '', '   ', {}, []) }),
  fc.record({ field: fc.constantFrom('approvedAt', 'expiresAt'), value: fc.constantFrom(null, 'soon', '2026-02-30', true, {}, -5) }),
  fc.record({ field: fc.constantFrom('risk', 'status'), value: fc.constantFrom('high', 'APPROVED!', 7, null) }),
  fc.record({ field: fc.constant('principal'), value: fc.constantFrom('arn:aws:iam::123456789012:policy/x', 'arn:aws:s3:::bucket', 'arn:aws:iam::123456789012:root') }),
  fc.record({ field: fc.constant('entitlement'), value: fc.constantFrom({ kind: 'root' }, { kind: 'managed-policy' }, { kind: 'group-membership', group: 'a b' }, 'identity') }),
  fc.record({ field: fc.constantFrom('provisioningGraceHours', 'exempt'), value: fc.constantFrom(-1, 'yes', null) }),
);

function broken(a: Approval, b: Breakage): Record<string, unknown> {
  const record: Record<string, unknown> = { ...a };
  if (!('value' in b)) delete record[b.field];
  else record[b.field] = b.value;
  return record;
}

/** The key of a record as far as it can be computed (its ticket, principal and kind are strings). */
function keyOf(record: Record<string, unknown>): string | undefined {
  const e = record.entitlement as { kind?: unknown } | undefined;
  if (typeof record.ticketId !== 'string' || typeof record.principal !== 'string' || typeof e?.kind !== 'string') return undefined;
  return approvalKey(record as unknown as Approval);
}

const batchArb = fc
  .array(fc.record({ approval: approvalArb, breakage: fc.option(breakage, { nil: undefined, freq: 3 }) }), { minLength: 1, maxLength: 12 })
  // One ticket per record, so valid records never share a key.
  .map((rows) => rows.map((r, i) => ({ ...r, approval: { ...r.approval, ticketId: `CHG-${i + 1}` } })));

describe('approvals import with some invalid records', () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('imports every valid record and lists each invalid one with its key or position and its field', async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, async (rows) => {
        const store = await freshStore(db);
        const input = rows.map((r) => (r.breakage ? broken(r.approval, r.breakage) : r.approval));
        const valid = rows.filter((r) => !r.breakage).map((r) => r.approval);
        const invalid = rows.flatMap((r, i) => (r.breakage ? [{ i, ...r }] : []));

        const summary = await store.importMany(input as Approval[]);

        expect(summary).toMatchObject({ created: valid.length, updated: 0, unchanged: 0 });
        expect(summary.failed).toHaveLength(invalid.length);
        summary.failed.forEach((f, n) => {
          const { i, approval, breakage: b } = invalid[n]!;
          // The record's key when it still has one, else its position in the batch.
          expect([keyOf(broken(approval, b!)), `record #${i + 1}`]).toContain(f.approvalKey);
          if (f.approvalKey === `record #${i + 1}`) expect(['ticketId', 'principal', 'entitlement']).toContain(b!.field);
          expect(f.error).toBeInstanceOf(InvalidApprovalError);
          const field = (f.error as InvalidApprovalError).field;
          expect(field === b!.field || field.startsWith(`${b!.field}.`)).toBe(true);
          expect(f.error.message).toContain(b!.field);
        });
        const stored = (await store.listAll()).approvals;
        expect(stored.map((s) => s.approvalKey).sort()).toEqual(valid.map(approvalKey).sort());
        expect(stored.every((s) => s.version === 1)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a whole approvals file with a bad row before writing anything, naming the row, ticket and field', async () => {
    // `tally approvals import FILE` validates the file first: the file is all or nothing (exit 2), so
    // a fixed file can be imported again; importMany's partial import applies to records, not files.
    const store = await freshStore(db);
    const approvals = fc.sample(approvalArb, { numRuns: 5, seed: 7 }).map((a, i) => ({ ...a, ticketId: `CHG-${i + 1}` }));
    const text = toCsv(approvals).replace(/^(CHG-3,[^\n]*?),(\d{4}-\d\d-\d\dT[^,]*)/m, '$1,next week');
    const dir = await snapshotDir({ 'approvals.csv': text });
    const deps = { io: { stdout: () => undefined, stderr: () => undefined }, makeStore: () => store, setExit: () => undefined };
    const run = runApprovalsImport({ file: `${dir}/approvals.csv`, table: store.tableName, dryRun: false }, deps);
    await expect(run).rejects.toBeInstanceOf(SnapshotError);
    await expect(run).rejects.toThrow(/approvals\.csv: row 4 \(ticket CHG-3\): approvedAt: not a date \("next week"\)/);
    expect((await store.listAll()).approvals).toEqual([]);
  });
});
