import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog, type AuditSink } from '../../lib/actions/audit-log';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { MemoryAuditLog } from '../../lib/actions/memory-audit-log';
import { createTableInput } from '../../lib/aws/table-spec';
import type { UpcomingExpiry } from '../../lib/core/upcoming-expiry';
import { rememberWarnings, unsentWarnings } from '../../lib/sweep/warnings-sent';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const ACCOUNT = '123456789012';
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`;

function warning(user: string, warnDay: 14 | 7): UpcomingExpiry {
  return {
    id: `tally/${ACCOUNT}/key_expiry_warning_${warnDay}/${user}`,
    accountId: ACCOUNT, userArn: `arn:aws:iam::${ACCOUNT}:user/${user}`, userName: user, slot: 1, reason: 'STALE_ACCESS_KEY',
    expiresAt: '2026-12-01T00:00:00.000Z', daysLeft: warnDay, warnDay, threshold: { name: 'accessKeyMaxAgeDays', limitDays: 90 }, privileged: false,
  };
}
const published = (failedIds: string[] = []) => ({ sent: 0, requests: 1, failed: failedIds.map((id) => ({ detailType: 'Tally Key Expiry Warning' as const, id, errorCode: 'ThrottlingException', errorMessage: 'x' })) });

let db: LocalDynamo;
beforeAll(async () => {
  db = await startDynalite();
  await db.createTable(createTableInput('audit-warnings', AUDIT_TABLE));
});
afterAll(() => db.stop());

/** Logs over one store, one per sweep (a DynamoDB audit log reads the account's memory once per instance). */
describe.each([
  ['DynamoAuditLog', () => (): AuditSink => new DynamoAuditLog(db.doc, 'audit-warnings')],
  ['MemoryAuditLog', () => { const log = new MemoryAuditLog(); return (): AuditSink => log; }],
])('key expiry warnings once (%s)', (_name, make) => {
  it('sends each warning once per window, again one EventBridge refused, and a later window anew', async () => {
    const sweep = make();
    let audit = sweep();
    const account = `${ACCOUNT}-${_name}`;
    const a14 = warning('svc-a', 14);
    const b14 = warning('svc-b', 14);
    const first = await unsentWarnings(audit, account, [a14, b14], at(17));
    expect(first.map((w) => w.userName)).toEqual(['svc-a', 'svc-b']);
    expect(await rememberWarnings(audit, account, first, published([b14.id]), at(17))).toEqual([]);
    // Next sweep: svc-a was delivered; svc-b was refused and goes again.
    audit = sweep();
    expect((await unsentWarnings(audit, account, [a14, b14], at(18))).map((w) => w.userName)).toEqual(['svc-b']);
    await rememberWarnings(audit, account, [b14], published(), at(18));
    audit = sweep();
    expect(await unsentWarnings(audit, account, [a14, b14], at(19))).toEqual([]);
    // Entering the 7-day window is a new warning.
    audit = sweep();
    expect((await unsentWarnings(audit, account, [warning('svc-a', 7)], at(24))).map((w) => w.warnDay)).toEqual([7]);
    // Remembered for 30 days, then forgotten (TTL).
    audit = sweep();
    expect((await unsentWarnings(audit, account, [a14], `2026-12-18T00:00:00.000Z`)).length).toBe(1);
  });
});
