import type { VerifiedVia } from '../approvals/evidence';
import { actionId } from '../actions/audit-table';
import { revocationActionId, type RevocationRecord } from '../actions/revocation-record';
import { isRevocable } from '../core/revocation-plan';
import { clearedFindingEvents } from './cleared-events';
import type { LedgerEntry } from './ledger-table';
import type { FindingChange } from './security-hub';
import { approvalKey, type Approval } from '../core/approval';
import { isEvidence, type Finding } from '../core/finding';
import type { ReconcileResult } from '../core/result';
import type { UpcomingExpiry } from '../core/upcoming-expiry';
import {
  DETAIL_TYPES,
  SCHEMA_VERSION,
  type ActionExecutedDetail,
  type ApprovalNotProvisionedDetail,
  type ApprovalRequestedDetail,
  type RevocationExecutedDetail,
  type ApprovalVerifiedDetail,
  type DetailType,
  type FindingDetail,
  type KeyExpiryWarningDetail,
} from './event-schemas';

/** One event before it becomes a PutEvents entry. */
export interface TallyEvent {
  detailType: DetailType;
  /** Identifies the event in reports (finding id, approval key, warning id, `runId/findingId`). */
  id: string;
  /** ISO 8601: when the state the event describes was evaluated. */
  time: string;
  /** ARNs the event is about (EventBridge `resources`). */
  resources: string[];
  detail: Record<string, unknown>;
}

/** The subset of an audit record an executed action event needs (see `lib/actions/audit-table`). */
export interface ExecutedAction {
  runId: string;
  findingId: string;
  action: 'deactivate-access-key';
  decision: string;
  reason: string;
  userArn: string;
  userName: string;
  accessKeySlot: 1 | 2;
  accessKeyId?: string;
  before?: { status: string; lastUsed: string | null };
  after?: { status: string };
  actor: string;
  at: string;
}

const arns = (...values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v && v.startsWith('arn:')))];

function findingDetail(f: Finding): FindingDetail {
  const { tags: _tags, ...resource } = f.resource;
  const observed = f.observed && { principal: f.observed.principal, kind: f.observed.kind, target: f.observed.target, source: f.observed.source, ...(f.observed.via ? { via: f.observed.via } : {}) };
  return {
    schemaVersion: SCHEMA_VERSION,
    findingId: f.id,
    accountId: f.accountId,
    type: f.type,
    severity: f.severity,
    title: f.title,
    summary: f.summary,
    resource,
    ...(f.approval ? { approval: f.approval } : {}),
    ...(observed ? { observed } : {}),
    ...(f.threshold ? { threshold: f.threshold } : {}),
    ...(f.control ? { control: f.control } : {}),
    privileged: f.privileged,
    exempt: f.exempt !== undefined,
    ...(f.exempt ? { exemptReason: `${f.exempt.source}: ${f.exempt.reason}` } : {}),
    detectedAt: f.detectedAt,
  };
}

/**
 * "Tally Finding" per mismatch and hygiene finding (RECONCILED ones become approval events); given
 * `changes`, only the findings in it, each saying how it changed.
 */
export function findingEvents(result: ReconcileResult, changes?: ReadonlyMap<string, FindingChange>): TallyEvent[] {
  return result.findings
    .filter((f) => !isEvidence(f.type) && (!changes || changes.has(f.id)))
    .map((f) => {
      const change = changes?.get(f.id);
      return {
        detailType: DETAIL_TYPES.finding,
        id: f.id,
        time: f.detectedAt,
        // An access key has no ARN (its id here is `<user ARN>/access-key/<key id or slot>`): the user stands for it.
        resources: f.resource.type === 'AwsIamAccessKey' ? arns(f.resource.principalArn) : arns(f.resource.id, f.observed?.principal),
        detail: { ...findingDetail(f), ...(change ? { change } : {}) },
      };
    });
}

/**
 * "Tally Approval Verified" per RECONCILED approval outcome, with the finding that carries its
 * evidence; given `verified`, only the approvals in it (those whose evidence this run wrote).
 */
export function approvalVerifiedEvents(result: ReconcileResult, verified?: ReadonlySet<string>, via?: VerifiedVia): TallyEvent[] {
  const byId = new Map(result.findings.map((f) => [f.id, f]));
  return result.outcomes.flatMap((o) => {
    const f = o.findingId ? byId.get(o.findingId) : undefined;
    if (o.outcome !== 'RECONCILED' || !f?.approval || (verified && !verified.has(o.approvalKey))) return [];
    const principal = f.observed?.principal ?? f.resource.principalArn ?? f.resource.id;
    const detail: ApprovalVerifiedDetail = {
      schemaVersion: SCHEMA_VERSION,
      accountId: f.accountId,
      ticketId: o.ticketId,
      approvalKey: o.approvalKey,
      findingId: f.id,
      principal,
      ...(f.observed ? { entitlement: { kind: f.observed.kind, target: f.observed.target } } : {}),
      status: f.approval.status,
      risk: f.approval.risk,
      approvedBy: f.approval.approvedBy,
      approvedAt: f.approval.approvedAt,
      ...(f.approval.expiresAt ? { expiresAt: f.approval.expiresAt } : {}),
      verifiedAt: result.evaluatedAt,
      ...(f.observed ? { observed: { source: f.observed.source, ...(f.observed.via ? { via: f.observed.via } : {}), ...(f.observed.detail ? { detail: f.observed.detail } : {}) } } : {}),
      ...(via ? { verifiedVia: via } : {}),
    };
    return [{ detailType: DETAIL_TYPES.approvalVerified, id: o.approvalKey, time: result.evaluatedAt, resources: arns(principal), detail }];
  });
}

/**
 * "Tally Approval Not Provisioned" per approval whose grace passed with nothing in AWS: when its
 * finding is new or re-opened (`changes`), so once per lapse; every one when nothing is tracked.
 */
export function approvalNotProvisionedEvents(result: ReconcileResult, changes?: ReadonlyMap<string, FindingChange>): TallyEvent[] {
  return result.findings.flatMap((f) => {
    const change = changes?.get(f.id);
    if (f.type !== 'APPROVED_NOT_PROVISIONED' || !f.approval || (changes && change !== 'new' && change !== 'reopened')) return [];
    const principal = f.resource.principalArn ?? f.resource.id;
    const detail: ApprovalNotProvisionedDetail = {
      schemaVersion: SCHEMA_VERSION,
      accountId: f.accountId,
      ticketId: f.approval.ticketId,
      approvalKey: f.approval.key,
      findingId: f.id,
      principal,
      approvedBy: f.approval.approvedBy,
      approvedAt: f.approval.approvedAt,
      provisioningGraceHours: Math.round((f.threshold?.limitDays ?? 0) * 24 * 1000) / 1000,
      detectedAt: f.detectedAt,
    };
    return [{ detailType: DETAIL_TYPES.approvalNotProvisioned, id: f.approval.key, time: result.evaluatedAt, resources: arns(principal), detail }];
  });
}

/** "Tally Key Expiry Warning" per upcoming expiry. */
export function keyExpiryWarningEvents(warnings: readonly UpcomingExpiry[], evaluatedAt: string): TallyEvent[] {
  return warnings.map((w) => {
    const detail: KeyExpiryWarningDetail = {
      schemaVersion: SCHEMA_VERSION,
      warningId: w.id,
      accountId: w.accountId,
      userArn: w.userArn,
      userName: w.userName,
      accessKeySlot: w.slot,
      ...(w.accessKeyId ? { accessKeyId: w.accessKeyId } : {}),
      reason: w.reason,
      expiresAt: w.expiresAt,
      daysLeft: w.daysLeft,
      warnDay: w.warnDay,
      threshold: w.threshold,
      privileged: w.privileged,
      evaluatedAt,
    };
    return { detailType: DETAIL_TYPES.keyExpiryWarning, id: w.id, time: evaluatedAt, resources: arns(w.userArn), detail };
  });
}

/** "Tally Action Executed" per action that changed AWS (decision `deactivated`); every other decision stays in the audit log. */
export function actionExecutedEvents(actions: readonly ExecutedAction[]): TallyEvent[] {
  return actions.flatMap((a) => {
    if (a.decision !== 'deactivated' || !a.accessKeyId || !a.before || !a.after) return [];
    const detail: ActionExecutedDetail = {
      schemaVersion: SCHEMA_VERSION,
      runId: a.runId,
      findingId: a.findingId,
      action: a.action,
      outcome: 'deactivated',
      userArn: a.userArn,
      userName: a.userName,
      accessKeySlot: a.accessKeySlot,
      accessKeyId: a.accessKeyId,
      reason: a.reason,
      before: a.before,
      after: a.after,
      actor: a.actor,
      at: a.at,
    };
    return [{ detailType: DETAIL_TYPES.actionExecuted, id: actionId(a), time: a.at, resources: arns(a.userArn), detail }];
  });
}

/** "Tally Approval Requested" per draft approval (see `lib/core/draft-approvals`); a record that is not a draft gives none. */
export function approvalRequestedEvents(drafts: readonly Approval[], accountId: string, at: string): TallyEvent[] {
  return drafts.flatMap((a) => {
    if (a.status !== 'draft' || !a.draftOf) return [];
    const { ticketId, principal, entitlement, approvedBy, owner, approvedAt, risk, draftOf } = a;
    const key = approvalKey(a);
    const detail: ApprovalRequestedDetail = {
      schemaVersion: SCHEMA_VERSION,
      accountId,
      findingId: draftOf,
      approvalKey: key,
      draft: { ticketId, principal, entitlement, approvedBy, ...(owner ? { owner } : {}), approvedAt, risk, status: 'draft', draftOf },
    };
    return [{ detailType: DETAIL_TYPES.approvalRequested, id: key, time: at, resources: arns(principal), detail }];
  });
}

/** "Tally Action Executed" per revocation this run (or an earlier attempt of it) saw succeed. */
export function revocationExecutedEvents(records: readonly RevocationRecord[]): TallyEvent[] {
  return records.flatMap((r) => {
    if (r.decision !== 'revoked' || !r.before || !r.after || !isRevocable(r.entitlement)) return [];
    const id = revocationActionId(r);
    const detail: RevocationExecutedDetail = {
      schemaVersion: SCHEMA_VERSION,
      runId: r.runId.slice('rev#'.length),
      findingId: r.findingId,
      actionId: id,
      action: 'revoke-entitlement',
      outcome: 'revoked',
      entitlement: r.entitlement,
      principalArn: r.principalArn,
      principalName: r.principalName,
      target: r.target,
      tickets: r.tickets,
      reason: r.reason,
      before: r.before,
      after: r.after,
      actor: r.actor,
      at: r.at,
    };
    return [{ detailType: DETAIL_TYPES.actionExecuted, id, time: r.at, resources: arns(r.principalArn, r.target), detail }];
  });
}

/**
 * What changed since the last publication, as the run's own records know it: the findings Security
 * Hub's ledger took as new, changed or re-opened and those it cleared, and the approvals this run
 * verifies anew. Absent (a re-publication was asked): everything is published.
 */
export interface PublishedChanges {
  /** Absent without a findings ledger (no Security Hub): every open finding. */
  findings?: ReadonlyMap<string, FindingChange>;
  cleared: readonly LedgerEntry[];
  /** Absent when approvals are not from the store (no evidence on record): every verified approval. */
  verified?: ReadonlySet<string>;
}

/** Every event of one sweep: findings, verified approvals, expiry warnings and executed actions; only what changed when `changes` is given. */
export function sweepEvents(
  result: ReconcileResult,
  extra: { expiries?: readonly UpcomingExpiry[]; actions?: readonly ExecutedAction[]; revocations?: readonly RevocationRecord[]; changes?: PublishedChanges; via?: VerifiedVia } = {},
): TallyEvent[] {
  const { changes } = extra;
  return [
    ...findingEvents(result, changes?.findings),
    ...clearedFindingEvents(changes?.cleared ?? [], result.evaluatedAt),
    ...approvalVerifiedEvents(result, changes?.verified, extra.via),
    ...approvalNotProvisionedEvents(result, changes?.findings),
    ...keyExpiryWarningEvents(extra.expiries ?? [], result.evaluatedAt),
    ...actionExecutedEvents(extra.actions ?? []),
    ...revocationExecutedEvents(extra.revocations ?? []),
  ];
}
