import type { ApprovalList } from '../approvals/approval-store';
import type { ReadAuthority } from '../sinks/read-authority';

/** A stored approval that could not be read: reported with the field at fault, never dropped silently. */
export interface InvalidApproval {
  approvalKey: string;
  /** The principal it names, when the item tells; absent when even that is unreadable. */
  principal?: string;
  /** Path of the offending field, e.g. `expiresAt`; '' for the record as a whole. */
  field: string;
  error: string;
}

export function invalidApprovalsOf(list: Pick<ApprovalList, 'invalid'>): InvalidApproval[] {
  return list.invalid.map((i) => ({ approvalKey: i.approvalKey, ...(i.principal ? { principal: i.principal } : {}), field: i.error.field, error: i.error.message }));
}

/**
 * While an approval cannot be read, nothing about the principal it names may be archived or lowered:
 * the approval may be the very thing that explains or excuses a finding. One that names no principal
 * Tally can tell protects everything.
 */
export function protectionFor(invalid: readonly InvalidApproval[]): Pick<ReadAuthority, 'protectedPrincipals' | 'protectAll'> {
  if (invalid.length === 0) return {};
  if (invalid.some((i) => i.principal === undefined)) return { protectAll: true };
  return { protectedPrincipals: [...new Set(invalid.map((i) => i.principal!))] };
}
