import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { BY_PRINCIPAL_INDEX } from '../approvals/approval-table';
import { EVIDENCE_WRITE_CONDITIONS, PERMISSIONS } from './permissions';
import type { TallyFunction } from './tally-function';

/**
 * Binds the approvals table to a runtime function: the reads its path makes (the full sweep scans,
 * the event paths query by principal) and the evidence write, as UpdateItem limited to the evidence
 * attributes. An approval is an authorization: no runtime role may write one.
 */
export function bindApprovals(fn: TallyFunction, table: ITableV2, read: 'scan' | 'byPrincipal'): TallyFunction {
  const { scan, byPrincipal, get, evidence } = PERMISSIONS.approvalStore.actions;
  const reads = read === 'scan' ? { actions: [...scan, ...get] } : { actions: [...byPrincipal, ...get], indexes: [BY_PRINCIPAL_INDEX] };
  return fn
    .bindTable(table, { env: 'approvalsTable', ...reads })
    .bindTable(table, { env: 'approvalsTable', actions: evidence, conditions: EVIDENCE_WRITE_CONDITIONS });
}

/** Binds the audit table to a function that acts on keys: append (conditional PutItem) and read a run back. */
export function bindAuditLog(fn: TallyFunction, table: ITableV2): TallyFunction {
  return fn.bindTable(table, { env: 'auditTable', actions: PERMISSIONS.auditLog.actions.write });
}
