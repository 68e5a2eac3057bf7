import type { Exemption, Finding, FindingType, Severity } from './finding';

/** How one approval ended: every approval gets exactly one outcome. */
export type ApprovalOutcomeKind =
  | 'RECONCILED'
  /** Within its provisioning grace period and not yet provisioned. */
  | 'PENDING'
  /** The part of the inventory it depends on was not read: no verdict, never a false "not provisioned". */
  | 'UNVERIFIED'
  /** Verified present once, absent now: removed or deactivated since (by Tally's action or anyone else). */
  | 'DEPROVISIONED'
  | Extract<FindingType, 'APPROVED_NOT_PROVISIONED' | 'DRIFTED_ENTITLEMENT' | 'EXPIRED_APPROVAL_ACTIVE'>;

export interface ApprovalOutcome {
  approvalKey: string;
  ticketId: string;
  outcome: ApprovalOutcomeKind;
  /** The finding carrying the evidence (RECONCILED included); absent for PENDING and UNVERIFIED. */
  findingId?: string;
}

/** A change Tally would make; executed only in enforce mode, under the safety rails. */
export interface PlannedAction {
  kind: 'deactivate-access-key';
  findingId: string;
  userArn: string;
  userName: string;
  accessKeySlot: 1 | 2;
  accessKeyId?: string;
  reason: string;
}

export interface ExemptionRecord extends Exemption {
  resource: string;
}

export interface ReconcileSummary {
  byType: Partial<Record<FindingType, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  approvals: number;
  principals: number;
  secrets: number;
}

export interface ReconcileResult {
  accountId: string;
  evaluatedAt: string;
  findings: Finding[];
  outcomes: ApprovalOutcome[];
  actions: PlannedAction[];
  exemptions: ExemptionRecord[];
  /** Inventory parts that were not read; results in those areas are partial. */
  incomplete: string[];
  /** Users whose access keys were not read (see `Inventory.keysUnread`), sorted; absent when none. */
  keysUnread?: string[];
  summary: ReconcileSummary;
}
