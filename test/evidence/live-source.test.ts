import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_TABLE } from '../../lib/actions/audit-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { createTableInput } from '../../lib/aws/table-spec';
import { liveEvidence } from '../../lib/evidence/live-source';
import { parsePeriod } from '../../lib/evidence/period';
import { toAsff } from '../../lib/sinks/asff';
import { FindingsLedger, importedEntry } from '../../lib/sinks/findings-ledger';
import { fingerprint, LEDGER_TABLE, toLedgerItem } from '../../lib/sinks/ledger-table';
import { toArchivedAsff } from '../../lib/sinks/security-hub';
import { archivedEntry } from '../../lib/sinks/sync-plan';
import { ACCOUNT, daysAfter, roleFinding, T0 } from '../fixtures/securityhub/findings';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

describe('liveEvidence (DynamoDB on dynalite)', () => {
  let db: LocalDynamo;
  const ctx = { region: 'us-east-1' };
  const entry = (i: number) => {
    const f = roleFinding(i);
    return importedEntry({ finding: f, firstSeen: T0, updatedAt: T0, fingerprint: fingerprint(f) }, toAsff(f, ctx, { createdAt: T0, updatedAt: T0 }), T0);
  };

  beforeAll(async () => {
    db = await startDynalite();
    for (const [name, spec] of [['approvals', APPROVAL_TABLE], ['ledger', LEDGER_TABLE], ['audit', AUDIT_TABLE]] as const) await db.createTable(createTableInput(name, spec));
    const ledger = new FindingsLedger({ client: db.doc, tableName: 'ledger' });
    const closedAt = daysAfter(2);
    const closed = entry(2);
    await ledger.commit([entry(1), archivedEntry(closed, toArchivedAsff(closed.asff, closedAt), closedAt)]);
    // The first sweep's read writes the account's open-index marker into the same table.
    await ledger.load(ACCOUNT, undefined, daysAfter(3));
  });
  afterAll(() => db.stop());

  const read = async () => {
    const warnings: string[] = [];
    const data = await liveEvidence({ doc: db.doc, ledgerTable: 'ledger', auditTable: 'audit', approvals: new ApprovalStore(db.doc, 'approvals'), warn: (m) => warnings.push(m) }, parsePeriod('2026-11-01', '2026-12-01'));
    return { data, warnings };
  };

  it("reads the ledger's open and closed findings and passes over its markers without a warning", async () => {
    const { data, warnings } = await read();
    expect(data.findings.map((f) => [f.findingId, f.state]).sort()).toEqual(
      [
        [roleFinding(1).id, 'open'],
        [roleFinding(2).id, 'closed'],
      ].sort(),
    );
    expect(warnings).toEqual([]);
  });

  it('leaves out a ledger item that is not an entry, naming it in a warning', async () => {
    await db.doc.send(new PutCommand({ TableName: 'ledger', Item: { ...toLedgerItem(entry(3)), fingerprint: 'not-a-hash' } }));
    const { data, warnings } = await read();
    expect(data.findings.map((f) => f.findingId)).not.toContain(roleFinding(3).id);
    expect(warnings).toEqual([`ledger item ${roleFinding(3).id} is not a valid entry: left out`]);
  });
});
