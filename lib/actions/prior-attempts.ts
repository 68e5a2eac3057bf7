import type { Assessment } from './assess';
import type { AuditRecord } from './audit-table';

/**
 * Why a key found Inactive is Inactive, as far as this run's own records show. Only a write this
 * run made and saw succeed (a `deactivated` result on record) is this run's deactivation. A write
 * of this run with no such result — denied, timed out, its response lost, or its result record
 * lost — may or may not have landed: a lost response and an operator's hand are indistinguishable
 * from here, so the key is recorded `already-inactive` with that said, never as deactivated by this run.
 */
export function inactiveReason(a: Assessment, prior: readonly AuditRecord[]): string {
  const mine = prior.filter((r) => r.findingId === a.action.findingId);
  if (mine.some((r) => r.phase === 'result' && r.decision === 'deactivated')) return `${a.reason}; deactivated by this run's earlier attempt (on record)`;
  if (!mine.some((r) => r.phase === 'plan' && r.decision === 'planned')) return a.reason;
  return (
    `${a.reason}; this run's earlier UpdateAccessKey was not seen to succeed (refused, or its response or result record lost): ` +
    'the key may have been deactivated by that write or by someone else, so it is not recorded as deactivated by this run'
  );
}
