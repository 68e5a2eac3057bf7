import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApprovalsFile, parseApprovals } from '../../lib/snapshot/approvals-file';
import { SnapshotError } from '../../lib/aws-shapes/snapshot-error';
import { approvalArb, csvCells, toCsv, toCsvRows } from './approval-arbitraries';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'snapshot');
const csvFixture = readFileSync(join(FIXTURES, 'sdk-pages', 'approvals.csv'), 'utf8');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('parseApprovals', () => {
  it('reads the JSON form, dropping unknown fields and normalising dates', async () => {
    const approvals = await loadApprovalsFile(join(FIXTURES, 'cli-export', 'approved.json'));
    expect(approvals).toEqual([
      {
        ticketId: 'CHG-2001',
        principal: 'arn:aws:iam::123456789012:group/Finance',
        entitlement: { kind: 'inline-policy', policyName: 'policygen-201310141157' },
        approvedBy: 'alice@example.com',
        approvedAt: '2026-09-01T10:00:00.000Z',
        expiresAt: '2027-03-01T00:00:00.000Z',
        risk: 'standard',
        status: 'approved',
      },
      {
        ticketId: 'CHG-2002',
        principal: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:AnotherSecret-d4e5f6',
        entitlement: { kind: 'secret', rotationDays: 30 },
        approvedBy: 'alice@example.com',
        approvedAt: '2026-09-01T10:00:00.000Z',
        risk: 'privileged',
        status: 'approved',
        exempt: true,
        exemptReason: 'vendor-managed rotation',
      },
    ]);
  });

  it('reads each kind from the CSV target column', () => {
    const byTicket = new Map(parseApprovals(csvFixture, 'approvals.csv').map((a) => [a.ticketId, a]));
    expect(byTicket.get('CHG-1001')?.entitlement).toEqual({ kind: 'group-membership', group: 'Admins' });
    expect(byTicket.get('CHG-1002')?.entitlement).toEqual({
      kind: 'inline-policy',
      policyName: 'DenyBillingAndIAMPolicy',
      documentSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    });
    expect(byTicket.get('CHG-1002')?.expiresAt).toBe('2027-02-01T00:00:00.000Z');
    expect(byTicket.get('CHG-1003')).toMatchObject({ entitlement: { kind: 'access-key', maxKeys: 1 }, approvedAt: '2026-02-28T22:00:00.000Z' });
    expect(byTicket.get('CHG-1004')?.entitlement).toEqual({ kind: 'role-trust', principals: ['ec2.amazonaws.com', 'arn:aws:iam::123456789012:root'] });
    expect(byTicket.get('CHG-1005')).toMatchObject({ entitlement: { kind: 'secret', rotationDays: 30 }, status: 'revoked' });
    expect(byTicket.get('CHG-1007')?.entitlement).toEqual({ kind: 'identity' });
  });

  it('names the row, ticket and field of a bad CSV record', () => {
    const rows = csvFixture.trimEnd().split('\n');
    rows.push('CHG-1042,arn:aws:iam::123456789012:user/Bob,identity,,x@example.com,next tuesday,,,');
    const err = thrown(() => parseApprovals(`${rows.join('\n')}\n`, 'approvals.csv'));
    expect(err).toBeInstanceOf(SnapshotError);
    expect(err).toMatchObject({ file: 'approvals.csv', record: 'row 9 (ticket CHG-1042)', field: 'approvedAt' });
    expect((err as Error).message).toBe('approvals.csv: row 9 (ticket CHG-1042): approvedAt: not a date ("next tuesday")');
  });

  it('names the target column for a bad entitlement value in CSV', () => {
    const text = toCsvRows([{ ticketId: 'T-1', principal: 'arn:aws:iam::123456789012:user/u', kind: 'access-key', target: 'two', approvedBy: 'a', approvedAt: '2026-01-01T00:00:00Z' }]);
    expect(() => parseApprovals(text, 'a.csv')).toThrow(/^a\.csv: row 2 \(ticket T-1\): target: expected number/);
  });

  it('names the kind column for an unknown kind, and the target for an identity row that has one', () => {
    const row = { ticketId: 'T-1', principal: 'arn:aws:iam::123456789012:user/u', approvedBy: 'a', approvedAt: '2026-01-01T00:00:00Z' };
    expect(() => parseApprovals(toCsvRows([{ ...row, kind: 'admin' }]), 'a.csv')).toThrow('a.csv: row 2 (ticket T-1): kind: expected one of');
    expect(() => parseApprovals(toCsvRows([{ ...row, kind: 'identity', target: 'Admins' }]), 'a.csv')).toThrow('a.csv: row 2 (ticket T-1): target: identity takes no target');
  });

  it('names the index, ticket and field of a bad JSON record', () => {
    const text = JSON.stringify([{ ticketId: 'CHG-7', principal: 'arn:aws:iam::123456789012:user/u', entitlement: { kind: 'identity' }, approvedBy: 'a' }]);
    expect(() => parseApprovals(text, 'a.json')).toThrow('a.json: [0] (ticket CHG-7): approvedAt: required');
  });

  it('refuses a CSV whose header lacks a required column', () => {
    expect(() => parseApprovals('ticketId,principal,kind\nT,p,identity\n', 'a.csv')).toThrow('a.csv: header: missing column approvedBy, approvedAt');
  });

  it('round-trips approvals through JSON and CSV to the same records', () => {
    fc.assert(
      fc.property(fc.array(approvalArb, { maxLength: 8 }), (approvals) => {
        expect(parseApprovals(JSON.stringify(approvals), 'a.json')).toEqual(approvals);
        expect(parseApprovals(toCsv(approvals), 'a.csv')).toEqual(approvals);
      }),
    );
  });
});

const REQUIRED = ['ticketId', 'principal', 'entitlement', 'approvedBy', 'approvedAt'];

describe('malformed approval records', () => {
  it('always throw a SnapshotError naming a field, never accepting a record without its required fields', () => {
    const mutation = fc.record({
      approval: approvalArb,
      removed: fc.subarray([...REQUIRED, 'expiresAt', 'risk', 'status']),
      garbage: fc.dictionary(fc.constantFrom(...REQUIRED, 'expiresAt', 'risk', 'status', 'exempt', 'provisioningGraceHours'), fc.jsonValue()),
    });
    fc.assert(
      fc.property(mutation, ({ approval, removed, garbage }) => {
        const record: Record<string, unknown> = { ...approval, ...garbage };
        for (const key of removed) delete record[key];
        const err = thrown(() => parseApprovals(JSON.stringify([record]), 'a.json'));
        if (err === undefined) {
          expect(removed.filter((k) => REQUIRED.includes(k) && !(k in garbage))).toEqual([]);
          return;
        }
        expect(err).toBeInstanceOf(SnapshotError);
        expect((err as SnapshotError).field).toEqual(expect.any(String));
        if (Object.keys(garbage).length === 0 && removed.some((k) => REQUIRED.includes(k))) {
          expect(removed).toContain((err as SnapshotError).field);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('in CSV, garbage in any cell yields records or a SnapshotError naming the row and column', () => {
    const columns = ['ticketId', 'principal', 'kind', 'target', 'approvedBy', 'approvedAt', 'expiresAt', 'risk', 'status'];
    fc.assert(
      fc.property(approvalArb, fc.dictionary(fc.constantFrom(...columns), fc.string()), (approval, garbage) => {
        const text = toCsvRows([{ ...csvCells(approval), ...garbage }]);
        const err = thrown(() => parseApprovals(text, 'a.csv'));
        if (err === undefined) return;
        expect(err).toBeInstanceOf(SnapshotError);
        const e = err as SnapshotError;
        expect(e.record).toMatch(/^row \d+/);
        if (e.record !== undefined && !/not readable as CSV/.test(e.message)) expect(columns).toContain(e.field);
      }),
      { numRuns: 500 },
    );
  });
});
