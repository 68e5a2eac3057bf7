import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import type { Inventory } from '../core/inventory';
import type { Policy } from '../core/policy';
import { reconcile } from '../core/reconcile';
import type { ReconcileResult } from '../core/result';
import { readPrincipal, type PrincipalRef, type TargetedRead } from '../inventory/targeted-read';
import type { LiveClients } from '../inventory/live-inventory';
import type { EventBridgeSink, PublishReport } from '../sinks/eventbridge';
import { approvalVerifiedEvents, findingEvents } from '../sinks/eventbridge-events';
import type { SecurityHubSink, SyncReport } from '../sinks/security-hub';
import { writeEvidence, type EvidenceReport } from './evidence-writer';

export interface PrincipalSweepInput {
  clients: LiveClients;
  ref: PrincipalRef;
  approvals: ApprovalStore;
  policy: Policy;
  now: Date;
  /** How the check was triggered, for the evidence (e.g. `event:AttachUserPolicy`, `approval-stream`). */
  method: string;
  securityHub?: SecurityHubSink;
  events?: EventBridgeSink;
}

export interface PrincipalSweepReport {
  found: boolean;
  principalArn?: string;
  result?: ReconcileResult;
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

/** Keeps what is about the principal itself: its findings, its keys' findings, its approvals' outcomes. */
function scoped(result: ReconcileResult, arn: string): ReconcileResult {
  const mine = (id: string | undefined) => id === arn || (id?.startsWith(`${arn}/`) ?? false);
  const findings = result.findings.filter((f) => mine(f.resource.id) || mine(f.resource.principalArn) || f.approval !== undefined);
  const ids = new Set(findings.map((f) => f.id));
  return { ...result, findings, outcomes: result.outcomes.filter((o) => !o.findingId || ids.has(o.findingId)), actions: result.actions.filter((a) => a.userArn === arn) };
}

/**
 * The event path: reads the one principal or secret an event or approval names (a few calls), and
 * reconciles it against the approvals naming it. Its groups are read only far enough to judge the
 * user's effective access, so only findings about the principal itself are kept and archived.
 * A principal that no longer exists leaves its findings to the next scheduled sweep.
 */
export async function runPrincipalSweep(input: PrincipalSweepInput): Promise<PrincipalSweepReport> {
  const read = await readPrincipal(input.clients, input.ref);
  const target = read.found ? principalOf(read) : undefined;
  if (!target) return { found: false, calls: read.calls };

  const now = input.now.toISOString();
  const accountId = target.arn.split(':')[4]!;
  const list = await input.approvals.byPrincipal(target.arn);
  const stored: StoredApproval[] = list.approvals;
  const inventory: Inventory = { accountId, readAt: now, ...target.inventory };
  const result = scoped(reconcile(inventory, stored.map((s) => s.approval), input.policy, now), target.arn);

  const report: PrincipalSweepReport = { found: true, principalArn: target.arn, result, calls: read.calls };
  if (input.securityHub) {
    const inScope = (e: { resourceId: string }) => e.resourceId === target.arn || e.resourceId.startsWith(`${target.arn}/`);
    report.securityHub = await input.securityHub.sync({ ...result, findings: result.findings.filter((f) => f.type !== 'RECONCILED') }, now, { archiveScope: inScope });
  }
  if (input.events) report.events = await input.events.publish([...findingEvents(result), ...approvalVerifiedEvents(result)]);
  report.evidence = await writeEvidence(input.approvals, stored, result, input.method);
  return report;
}
