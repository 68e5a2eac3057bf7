import type { StoredApproval } from '../approvals/approval-item';
import type { ApprovalStore } from '../approvals/approval-store';
import { applyKeyExpiry, keyExpiryInputs } from '../actions/key-expiry';
import type { KeyExpiryDeps, KeyExpiryOptions, KeyExpiryReport } from '../actions/key-expiry-types';
import { applyRevocations, revocationInputs, type RevocationDeps, type RevocationOptions, type RevocationReport } from '../actions/revocation';
import { planRevocations } from '../core/revocation-plan';
import type { CallCounter } from '../aws/call-counter';
import type { Approval } from '../core/approval';
import type { Policy } from '../core/policy';
import { reconcile } from '../core/reconcile';
import type { ReconcileResult } from '../core/result';
import { upcomingExpiries, type UpcomingExpiry } from '../core/upcoming-expiry';
import type { LiveInventory } from '../inventory/live-inventory';
import type { EventBridgeSink, PublishReport } from '../sinks/eventbridge';
import { sweepEvents } from '../sinks/eventbridge-events';
import type { FindingsLedger } from '../sinks/findings-ledger';
import { withoutEvidence, withoutWithheld, type SecurityHubSink, type SyncReport } from '../sinks/security-hub';
import { actionEvidence } from './action-evidence';
import type { CreatorMemory } from '../actions/account-memory';
import { closedByActions, closingAction, withoutClosed } from './closed-by-action';
import { newlyVerified, planEvidence, writeEvidence, type EvidenceReport } from './evidence-writer';
import { invalidApprovalsOf, protectionFor, type InvalidApproval } from './invalid-approvals';
import { SweepLedgerRead } from './ledger-read';
import { PhaseTimer, type SweepPhases } from './phase-timer';
import { announceAgain, changesOf, unannounced } from './published-changes';
import { applyRecentDeactivations } from './recent-deactivations';
import { rememberWarnings, unsentWarnings } from './warnings-sent';

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
  /**
   * Present only when results are published (`--publish`, or the deployed sweep). Events go out for
   * what changed since the last publication when the run keeps a record of it (the ledger, the
   * evidence); `republish` sends every current finding and verified approval again.
   */
  publish?: { securityHub?: SecurityHubSink; events?: EventBridgeSink; evidence?: boolean; republish?: boolean };
  /** Present only when key expiry runs; its own `mode` decides whether anything is written. */
  keyExpiry?: { deps: Omit<KeyExpiryDeps, 'findings' | 'userTags' | 'firstSeen'>; options: KeyExpiryOptions; ledger?: FindingsLedger };
  /** Present only when revocation of ended approvals' entitlements runs (after key expiry); its own `mode` decides. */
  revocation?: { deps: Omit<RevocationDeps, 'principalTags'>; options: RevocationOptions };
  progress?(message: string): void;
  /** The account memory the run reads (once) when it has an audit table: readers after the run share its one Query. */
  memory?: Pick<CreatorMemory, 'creators'>;
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
  /** Findings of this run about keys its deactivations closed (imported ARCHIVED, left out of "Tally Finding" events), with the action. */
  closedByAction: { findingId: string; actionId: string }[];
  /** Stored approvals that could not be read: the principals they name keep their open findings. */
  invalidApprovals: InvalidApproval[];
  securityHub?: SyncReport;
  events?: PublishReport;
  evidence?: EvidenceReport;
  keyExpiry?: KeyExpiryReport;
  revocation?: RevocationReport;
}

async function loadApprovals(source: ApprovalSource) {
  if (source.kind === 'records') return { approvals: source.approvals, stored: [] as StoredApproval[], invalid: [] as InvalidApproval[] };
  const list = await source.store.listAll();
  return { approvals: list.approvals.map((s) => s.approval), stored: list.approvals, invalid: invalidApprovalsOf(list) };
}

/**
 * One account, end to end: read, reconcile, then (only when asked) act on keys under the rails, import
 * to Security Hub, publish events and write evidence. Reads never write; every write is opt-in. Acting
 * comes before publishing so the run that deactivates a key also closes its findings, naming the
 * action; and a run with an audit table counts the keys deactivated since its credential report
 * inactive, so a reused report does not reopen them. Events carry what changed (see
 * `PublishedChanges`); evidence is written after them, so an undelivered verification is retried.
 */
export async function runAccountSweep(input: SweepInput): Promise<SweepReport> {
  const progress = input.progress ?? (() => undefined);
  const timer = new PhaseTimer(input.elapsedMs);
  const now = input.now.toISOString();
  const read = timer.start('read');
  const live = await input.readInventory();
  const { approvals, stored, invalid } = await loadApprovals(input.approvals);
  const k = input.keyExpiry;
  const recent = k ? await applyRecentDeactivations(live.inventory, k.deps.audit, now, k.options.runId) : undefined;
  read();
  const inventory = recent?.inventory ?? live.inventory;
  const warnings = [...live.warnings];
  if (recent?.closed.size) warnings.push(`${recent.closed.size} key(s) deactivated by Tally after the credential report of ${inventory.keysReadAt} counted inactive: ${[...recent.closed.keys()].join(', ')}`);
  progress(`reconciling ${inventory.users.length + inventory.roles.length} principals against ${approvals.length} approvals`);
  const reconciling = timer.start('reconcile');
  const result = reconcile(inventory, approvals, input.policy, now);
  const expiries = upcomingExpiries(inventory, result, input.policy, now, { approvals });
  reconciling();
  const report: Omit<SweepReport, 'phases'> = { result, warnings, calls: live.calls, totalCalls: live.totalCalls, expiries, invalidApprovals: invalid, closedByAction: [] };

  const acting = timer.start('act');
  // A failed run of the rails (an audit write, the lock) still publishes what was read, then fails the sweep.
  let actFailure: { error: unknown } | undefined;
  // One read of the ledger's open entries serves the grace below and the Security Hub plan.
  const ledgerRead = k?.ledger ? new SweepLedgerRead(k.ledger, result.accountId) : undefined;
  if (k) {
    const { deps, options } = k;
    // Key expiry keeps its own first sightings in the audit table; a ledger, when published to, adds
    // its firstSeen (if it cannot be read, the grace counts on the audit table's alone).
    const seen = ledgerRead?.entries(result.actions.map((a) => a.findingId), now);
    seen?.catch(() => undefined);
    const firstSeen = seen ? { firstSeen: async (id: string) => (await seen).get(id)?.firstSeen } : {};
    try {
      report.keyExpiry = await applyKeyExpiry(result.actions, { ...deps, ...keyExpiryInputs(result, inventory), ...firstSeen }, options);
    } catch (error) {
      actFailure = { error };
    }
  }
  if (input.revocation && !actFailure) {
    try {
      report.revocation = await applyRevocations(planRevocations(result.findings), { ...input.revocation.deps, ...revocationInputs(inventory) }, input.revocation.options);
    } catch (error) {
      actFailure = { error };
    }
  }
  acting();
  // Every deactivation on record for the run, earlier attempts included: a retry closes and publishes what an earlier attempt could not.
  const executed = report.keyExpiry?.executed ?? [];
  // Keys this run found inactive close their findings too: IAM said so just now, whatever the report showed.
  const inactive = [...executed, ...(report.keyExpiry?.outcomes.filter((o) => o.decision === 'already-inactive') ?? [])];
  const closed = new Map([...(recent?.closed ?? []), ...closedByActions(result, inactive)]);
  report.closedByAction = result.findings.flatMap((f) => {
    const by = closingAction(f, closed);
    return by === undefined ? [] : [{ findingId: f.id, actionId: by }];
  });

  const { securityHub, events, evidence } = input.publish ?? {};
  const publishing = timer.start('publish');
  if (securityHub) {
    progress('importing findings to Security Hub');
    // Evidence (RECONCILED, DEPROVISIONED) goes to the approval and to EventBridge; Security Hub is for what needs a responder.
    report.securityHub = await securityHub.sync(withoutEvidence(result), now, protectionFor(invalid), closed, await ledgerRead?.open());
  }
  const store = evidence && input.approvals.kind === 'store' ? input.approvals.store : undefined;
  const via = { path: 'sweep' as const, runId: input.runId };
  const evidencePlan = store ? planEvidence(stored, result, via, actionEvidence(stored, result, inventory, executed)) : undefined;
  if (events) {
    progress('publishing results to EventBridge');
    // What Security Hub may not be told (a lowering for a principal with an unreadable approval) is not
    // published either; what the run's actions closed is told by their "Tally Action Executed" events.
    const open = withoutWithheld(withoutClosed(result, closed), report.securityHub);
    const changes = input.publish?.republish ? undefined : changesOf(report.securityHub, evidencePlan && newlyVerified(evidencePlan));
    const audit = changes && k ? k.deps.audit : undefined;
    const toWarn = audit ? await unsentWarnings(audit, inventory.accountId, expiries, now) : expiries;
    report.events = await events.publish(sweepEvents(open, { expiries: toWarn, actions: executed, revocations: report.revocation?.executed ?? [], via, ...(changes ? { changes } : {}) }));
    if (changes && securityHub && report.securityHub) await announceAgain(securityHub, report.securityHub, report.events, report.warnings);
    const forgotten = audit ? await rememberWarnings(audit, inventory.accountId, toWarn, report.events, now) : [];
    if (forgotten.length) report.warnings.push(`key expiry warnings delivered but not remembered (sent again next sweep): ${forgotten.join(', ')}`);
  }
  if (store && evidencePlan) {
    progress('writing evidence to approvals');
    // Evidence after the announcement: an approval whose "verified" event was not delivered is verified and announced by the next sweep.
    report.evidence = await writeEvidence(store, evidencePlan, unannounced(report.events));
  }
  publishing();
  if (actFailure) throw actFailure.error;
  const calls = input.calls ? { calls: input.calls.byAction(), totalCalls: input.calls.total } : {};
  return { ...report, ...calls, phases: timer.phases };
}
