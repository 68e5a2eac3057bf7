import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import { applyKeyExpiry, keyExpiryInputs } from '../actions/key-expiry';
import type { KeyExpiryDeps, KeyExpiryOptions, KeyExpiryReport } from '../actions/key-expiry-types';
import type { CallCounter } from '../aws/call-counter';
import type { Approval } from '../core/approval';
import type { Policy } from '../core/policy';
import { reconcile } from '../core/reconcile';
import type { ReconcileResult } from '../core/result';
import { upcomingExpiries, type UpcomingExpiry } from '../core/upcoming-expiry';
import type { LiveInventory } from '../inventory/live-inventory';
import type { EventBridgeSink, PublishReport } from '../sinks/eventbridge';
import { sweepEvents, type ExecutedAction } from '../sinks/eventbridge-events';
import type { FindingsLedger } from '../sinks/findings-ledger';
import { withoutEvidence, withoutWithheld, type SecurityHubSink, type SyncReport } from '../sinks/security-hub';
import { actionEvidence } from './action-evidence';
import { writeEvidence, type EvidenceReport } from './evidence-writer';
import { invalidApprovalsOf, protectionFor, type InvalidApproval } from './invalid-approvals';
import { PhaseTimer, type SweepPhases } from './phase-timer';

/** Where approvals come from: a file (no versions, no write-back) or the DynamoDB store. */
export type ApprovalSource =
  | { kind: 'records'; approvals: Approval[] }
  | { kind: 'store'; store: ApprovalStore };

export interface SweepInput {
  runId: string;
  now: Date;
  policy: Policy;
  readInventory(): Promise<Pick<LiveInventory, 'inventory' | 'warnings' | 'calls' | 'totalCalls'>>;
  approvals: ApprovalSource;
  /** Present only when results are published (`--publish`, or the deployed sweep). */
  publish?: { securityHub?: SecurityHubSink; events?: EventBridgeSink; evidence?: boolean };
  /** Present only when key expiry runs; its own `mode` decides whether anything is written. */
  keyExpiry?: { deps: Omit<KeyExpiryDeps, 'findings' | 'userTags' | 'firstSeen'>; options: KeyExpiryOptions; ledger?: FindingsLedger };
  progress?(message: string): void;
  /**
   * Counts every AWS call of the run (every client it uses is wrapped with it); read when the run
   * ends. Absent: only the inventory's reads are reported.
   */
  calls?: CallCounter;
  /** Times the phases. @default performance.now() */
  elapsedMs?(): number;
}

export interface SweepReport {
  result: ReconcileResult;
  warnings: string[];
  /** AWS calls of the run, by IAM action name (`dynamodb:PutItem`). */
  calls: Record<string, number>;
  totalCalls: number;
  phases: SweepPhases;
  expiries: UpcomingExpiry[];
  /** Stored approvals that could not be read: the principals they name keep their open findings. */
  invalidApprovals: InvalidApproval[];
  securityHub?: SyncReport;
  events?: PublishReport;
  evidence?: EvidenceReport;
  keyExpiry?: KeyExpiryReport;
}

async function loadApprovals(source: ApprovalSource) {
  if (source.kind === 'records') return { approvals: source.approvals, stored: [] as StoredApproval[], invalid: [] as InvalidApproval[] };
  const list = await source.store.listAll();
  return { approvals: list.approvals.map((s) => s.approval), stored: list.approvals, invalid: invalidApprovalsOf(list) };
}

/** Every deactivation on record for the run, earlier attempts included: a retry re-publishes what EventBridge refused. */
function executed(report: KeyExpiryReport | undefined): ExecutedAction[] {
  return report?.executed ?? [];
}

/**
 * One account, end to end: read, reconcile, then (only when asked) import to Security Hub, act on
 * keys under the rails, publish events and write evidence. Reads never write; every write is opt-in.
 */
export async function runAccountSweep(input: SweepInput): Promise<SweepReport> {
  const progress = input.progress ?? (() => undefined);
  const timer = new PhaseTimer(input.elapsedMs);
  const now = input.now.toISOString();
  const read = timer.start('read');
  const live = await input.readInventory();
  const { approvals, stored, invalid } = await loadApprovals(input.approvals);
  read();
  progress(`reconciling ${live.inventory.users.length + live.inventory.roles.length} principals against ${approvals.length} approvals`);
  const reconciling = timer.start('reconcile');
  const result = reconcile(live.inventory, approvals, input.policy, now);
  const expiries = upcomingExpiries(live.inventory, result, input.policy, now, { approvals });
  reconciling();
  const report: Omit<SweepReport, 'phases'> = { result, warnings: live.warnings, calls: live.calls, totalCalls: live.totalCalls, expiries, invalidApprovals: invalid };

  const { securityHub, events, evidence } = input.publish ?? {};
  let publishing = timer.start('publish');
  if (securityHub) {
    progress('importing findings to Security Hub');
    // Evidence (RECONCILED, DEPROVISIONED) goes to the approval and to EventBridge; Security Hub is for what needs a responder.
    report.securityHub = await securityHub.sync(withoutEvidence(result), now, protectionFor(invalid));
  }
  publishing();
  const acting = timer.start('act');
  if (input.keyExpiry) {
    const { deps, options, ledger } = input.keyExpiry;
    // Key expiry keeps its own first sightings in the audit table; a ledger, when published to, adds
    // its firstSeen (one batch read; if it fails, the grace counts on the audit table's alone).
    const seen = ledger?.get(result.actions.map((a) => a.findingId), now);
    seen?.catch(() => undefined);
    const firstSeen = seen ? { firstSeen: async (id: string) => (await seen).get(id)?.firstSeen } : {};
    report.keyExpiry = await applyKeyExpiry(result.actions, { ...deps, ...keyExpiryInputs(result, live.inventory), ...firstSeen }, options);
  }
  acting();
  publishing = timer.start('publish');
  if (events) {
    progress('publishing results to EventBridge');
    // What Security Hub may not be told (a lowering for a principal with an unreadable approval) is not published either.
    report.events = await events.publish(sweepEvents(withoutWithheld(result, report.securityHub), { expiries, actions: executed(report.keyExpiry) }));
  }
  if (evidence && input.approvals.kind === 'store') {
    progress('writing evidence to approvals');
    const ofActions = actionEvidence(stored, result, live.inventory, report.keyExpiry?.executed ?? []);
    report.evidence = await writeEvidence(input.approvals.store, stored, result, 'sweep', ofActions);
  }
  publishing();
  const calls = input.calls ? { calls: input.calls.byAction(), totalCalls: input.calls.total } : {};
  return { ...report, ...calls, phases: timer.phases };
}
