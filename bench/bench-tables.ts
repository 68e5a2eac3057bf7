import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_TABLE } from '../lib/actions/audit-table';
import { toItem, validateApproval } from '../lib/approvals/approval-item';
import { APPROVAL_TABLE } from '../lib/approvals/approval-table';
import { createTableInput } from '../lib/aws/table-spec';
import type { Approval } from '../lib/core/approval';
import { LEDGER_TABLE } from '../lib/sinks/ledger-table';
import { startDynalite, type LocalDynamo } from '../test/support/dynalite';

export const TABLES = { approvals: 'approvals', ledger: 'ledger', audit: 'audit' } as const;

/** Dynalite with the approvals, ledger and audit tables, the approvals already stored (version 1, no evidence). */
export async function benchTables(approvals: readonly Approval[]): Promise<LocalDynamo> {
  const db = await startDynalite();
  await db.createTable(createTableInput(TABLES.approvals, APPROVAL_TABLE));
  await db.createTable(createTableInput(TABLES.ledger, LEDGER_TABLE));
  await db.createTable(createTableInput(TABLES.audit, AUDIT_TABLE));
  // Set-up, not measured: 25 items a call rather than the store's conditional import (two calls an item).
  const items = approvals.map((a) => toItem(validateApproval(a, { table: TABLES.approvals, operation: 'PutItem' }), 1));
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [TABLES.approvals]: pending } }));
      pending = (out.UnprocessedItems?.[TABLES.approvals] ?? []) as Record<string, unknown>[];
    }
  }
  return db;
}
