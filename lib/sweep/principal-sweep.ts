import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import type { VerifiedVia } from '../approvals/evidence';
import { invalidApprovalsOf, type InvalidApproval } from './invalid-approvals';
import type { Inventory } from '../core/inventory';
import type { Policy } from '../core/policy';
import { reconcile } from '../core/reconcile';
import type { ReconcileResult } from '../core/result';
import { readPrincipal, type PrincipalRef, type TargetedRead } from '../inventory/targeted-read';
import type { LiveClients } from '../inventory/live-inventory';
import type { UserReadScope } from '../inventory/read-scope';
import type { EventBridgeSink, PublishReport } from '../sinks/eventbridge';
import { approvalNotProvisionedEvents, approvalVerifiedEvents, findingEvents } from '../sinks/eventbridge-events';
import { announceAgain, changesOf, unannounced } from './published-changes';
import { findingPrincipal } from '../sinks/read-authority';
import { withoutEvidence, withoutWithheld, type SecurityHubSink, type SyncReport } from '../sinks/security-hub';
import { newlyVerified, planEvidence, writeEvidence, type EvidenceReport } from './evidence-writer';

export interface PrincipalSweepInput {
  clients: LiveClients;
  ref: PrincipalRef;
  /** Of a user, read only these parts; the rest count as not read (their approvals stay UNVERIFIED). */
  scope?: UserReadScope;
  approvals: ApprovalStore;
  policy: Policy;
  now: Date;
  /** How the check was triggered, for the evidence and the "Tally Approval Verified" event. */
  via: VerifiedVia;
  securityHub?: SecurityHubSink;
  events?: EventBridgeSink;
}

export interface PrincipalSweepReport {
  found: boolean;
  principalArn?: string;
  result?: ReconcileResult;
  /** Stored approvals naming the principal that could not be read: reported, and they keep its findings open. */
  invalidApprovals: InvalidApproval[];
  calls: number;
  securityHub?: SyncReport;
  events?: PublishReport;
  evidence?: EvidenceReport;
}

function principalOf(read: TargetedRead): { arn: string; inventory: Omit<Inventory, 'accountId' | 'readAt'> } | undefined {
  const base = { users: [], roles: [], groups: [], policies: [], secrets: [] };
  if (read.user) return { arn: read.user.arn, inventory: { ...base, coverage: { iam: true, credentialReport: true, secrets: false }, users: [read.user], groups: read.groups } };
  if (read.role) return { arn: read.role.arn, inventory: { ...base, coverage: { iam: true, credentialReport: false, secrets: false }, roles: [read.role] } };
  if (read.group) return { arn: read.group.arn, inventory: { ...base, coverage: { iam: true, credentialReport: false, secrets: false }, groups: [read.group] } };
  if (read.secret) return { arn: read.secret.arn, inventory: { ...base, coverage: { iam: false, credentialReport: false, secrets: true }, secrets: [read.secret] } };
  return undefined;
}

/** Keeps what is about the principal itself (exactly: never another principal whose ARN it prefixes). */
function scoped(result: ReconcileResult, arn: string): ReconcileResult {
  const findings = result.findings.filter((f) => findingPrincipal(f) === arn || f.approval !== undefined);
  const ids = new Set(findings.map((f) => f.id));
  return { ...result, findings, outcomes: result.outcomes.filter((o) => !o.findingId || ids.has(o.findingId)), actions: result.actions.filter((a) => a.userArn === arn) };
}

/**
 * The event path: reads the one principal or secret an event or approval names (a few calls), and
 * reconciles it against the approvals naming it. It reads less than a sweep (no customer-managed
 * policy documents, no credential report; with a `scope`, only some of a user's parts), so it is a partial read (DESIGN "Trust rules"): it may
 * open and raise findings in Security Hub, never archive or lower them — the next sweep does that.
 * Findings it may not send are not published on EventBridge either. A principal that no longer
 * exists leaves its findings to the next scheduled sweep.
 */
export async function runPrincipalSweep(input: PrincipalSweepInput): Promise<PrincipalSweepReport> {
  const read = await readPrincipal(input.clients, input.ref, input.scope ? { scope: input.scope } : {});
  const target = read.found ? principalOf(read) : undefined;
  if (!target) return { found: false, invalidApprovals: [], calls: read.calls };

  const now = input.now.toISOString();
  const accountId = target.arn.split(':')[4]!;
  const list = await input.approvals.byPrincipal(target.arn);
  const stored: StoredApproval[] = list.approvals;
  const inventory: Inventory = { accountId, readAt: now, ...target.inventory, ...(read.unread.length ? { unreadParts: read.unread } : {}) };
  const result = scoped(reconcile(inventory, stored.map((s) => s.approval), input.policy, now), target.arn);

  const report: PrincipalSweepReport = { found: true, principalArn: target.arn, result, invalidApprovals: invalidApprovalsOf(list), calls: read.calls };
  if (input.securityHub) report.securityHub = await input.securityHub.sync(withoutEvidence(result), now, { read: 'partial', principal: target.arn });
  const plan = planEvidence(stored, result, input.via);
  if (input.events) {
    const published = withoutWithheld(result, report.securityHub);
    // As the sweep: only what changed (a partial read clears nothing, so no cleared events).
    const changes = changesOf(report.securityHub, newlyVerified(plan));
    report.events = await input.events.publish([...findingEvents(published, changes.findings), ...approvalVerifiedEvents(published, changes.verified, input.via), ...approvalNotProvisionedEvents(published, changes.findings)]);
    // The failed events fail the invocation (Lambda delivers the CloudTrail event again); marked entries are announced then.
    if (input.securityHub && report.securityHub) await announceAgain(input.securityHub, report.securityHub, report.events, []);
  }
  report.evidence = await writeEvidence(input.approvals, plan, unannounced(report.events));
  return report;
}
