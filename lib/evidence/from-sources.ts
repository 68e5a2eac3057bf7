import { actionId, type AuditRecord } from '../actions/audit-table';
import { revocationActionId, type RevocationRecord } from '../actions/revocation-record';
import type { ApprovalEvidence } from '../approvals/evidence';
import { approvalKey, entitlementTarget, type Approval } from '../core/approval';
import type { Finding } from '../core/finding';
import type { ApprovalOutcome } from '../core/result';
import type { LedgerEntry } from '../sinks/ledger-table';
import type { ActionRecord, ApprovalRecord, FindingRecord } from './records';

/** A findings ledger entry as the finding's current episode: ARCHIVED entries closed when archived. */
export function findingFromLedger(e: LedgerEntry): FindingRecord {
  const closed = e.state === 'ARCHIVED';
  return {
    findingId: e.findingId,
    accountId: e.accountId,
    type: e.type,
    severity: e.asff.Severity.Label,
    title: e.asff.Title,
    resourceId: e.resourceId,
    ...(e.principalArn ? { principalArn: e.principalArn } : {}),
    state: closed ? 'closed' : 'open',
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    ...(closed ? { closedAt: e.archivedAt ?? e.updatedAt } : {}),
    source: 'ledger',
  };
}

/** A finding of one sweep: open, first and last seen when the sweep evaluated. */
export function findingFromSweep(f: Finding): FindingRecord {
  return {
    findingId: f.id,
    accountId: f.accountId,
    type: f.type,
    severity: f.severity,
    title: f.title,
    resourceId: f.resource.id,
    ...(f.resource.principalArn ? { principalArn: f.resource.principalArn } : {}),
    state: 'open',
    firstSeen: f.detectedAt,
    lastSeen: f.detectedAt,
    source: 'sweep',
  };
}

/**
 * An approval with what Tally last concluded. `verifiedAt` is when it matched AWS: the evidence's
 * check when that check reconciled it, else the approval's own `verifiedAt` (the last match).
 */
export function approvalRecord(
  a: Approval,
  evidence: Pick<ApprovalEvidence, 'verifiedAt' | 'outcome' | 'method'> & { findingId?: string } | undefined,
  source: ApprovalRecord['source'],
  key = approvalKey(a),
): ApprovalRecord {
  const verifiedAt = evidence?.outcome === 'RECONCILED' ? evidence.verifiedAt : a.verifiedAt;
  return {
    approvalKey: key,
    ticketId: a.ticketId,
    principal: a.principal,
    entitlement: a.entitlement.kind,
    target: entitlementTarget(a.entitlement),
    risk: a.risk,
    status: a.status,
    approvedBy: a.approvedBy,
    ...(a.owner ? { owner: a.owner } : {}),
    approvedAt: a.approvedAt,
    ...(a.expiresAt ? { expiresAt: a.expiresAt } : {}),
    ...(evidence ? { outcome: evidence.outcome, method: evidence.method, checkedAt: evidence.verifiedAt } : {}),
    ...(evidence?.findingId ? { findingId: evidence.findingId } : {}),
    ...(verifiedAt ? { verifiedAt } : {}),
    source,
  };
}

/** A sweep's outcome for an approval as the evidence it would have written, checked at `at`. */
export function outcomeEvidence(o: ApprovalOutcome | undefined, at: string, method: string): (Pick<ApprovalEvidence, 'verifiedAt' | 'outcome' | 'method'> & { findingId?: string }) | undefined {
  if (!o) return undefined;
  return { verifiedAt: at, outcome: o.outcome, method, ...(o.findingId ? { findingId: o.findingId } : {}) };
}

type AnyActionRecord = Pick<AuditRecord | RevocationRecord, 'runId' | 'findingId' | 'action' | 'phase' | 'mode' | 'decision' | 'reason' | 'actor' | 'at'>;

/** The fields every audit record of an action gives, with its action id as events and `tally restore` name it. */
function actionFields(r: AnyActionRecord, id: string): Omit<ActionRecord, 'principalArn' | 'target'> {
  const { runId, findingId, action, phase, mode, decision, reason, actor, at } = r;
  return { actionId: id, runId, findingId, action, phase, mode, decision, reason, actor, at, source: 'audit-table' };
}

/** A key expiry audit record. */
export function actionFromAudit(r: AuditRecord): ActionRecord {
  return { ...actionFields(r, actionId(r)), principalArn: r.userArn, target: r.accessKeyId ?? `slot ${r.accessKeySlot}` };
}

/** A revocation or restore audit record. */
export function actionFromRevocation(r: RevocationRecord): ActionRecord {
  return { ...actionFields(r, revocationActionId(r)), principalArn: r.principalArn, target: `${r.entitlement}${r.target ? ` ${r.target}` : ''}` };
}
