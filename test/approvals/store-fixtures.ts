import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../lib/aws/table-spec';
import { APPROVAL_TABLE } from '../../lib/approvals/approval-table';
import { ApprovalStore } from '../../lib/approvals/approval-store';
import type { Approval } from '../../lib/core/approval';
import type { LocalDynamo } from '../support/dynalite';

export const ACCOUNT = '123456789012';
export const USER = `arn:aws:iam::${ACCOUNT}:user/service/svc-billing-export`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`;

/** A valid approval in normalised form; `overrides` replace top-level fields. */
export function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    ticketId: 'CHG-1042',
    principal: USER,
    entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
    approvedBy: 'alice@example.com',
    approvedAt: '2026-09-01T10:00:00.000Z',
    expiresAt: '2027-03-01T00:00:00.000Z',
    risk: 'standard',
    status: 'approved',
    ...overrides,
  };
}

/** `n` approvals of one principal, distinct by ticket. */
export function approvalsOf(principal: string, n: number, extra: Partial<Approval> = {}): Approval[] {
  return Array.from({ length: n }, (_, i) => approval({ ticketId: `CHG-${1000 + i}`, principal, ...extra }));
}

let tables = 0;

/** A new, empty approvals table on the local DynamoDB and a store over it. */
export async function freshStore(db: LocalDynamo, options: { concurrency?: number } = {}): Promise<ApprovalStore> {
  const name = `approvals-${++tables}`;
  await db.createTable(createTableInput(name, APPROVAL_TABLE));
  // dynalite turns a table ACTIVE on a timer, even with createTableMs 0: wait for it.
  for (let i = 0; i < 100; i++) {
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return new ApprovalStore(db.doc, name, options);
}
