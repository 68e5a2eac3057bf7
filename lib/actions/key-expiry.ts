import type { Inventory } from '../core/inventory';
import type { PlannedAction, ReconcileResult } from '../core/result';
import { describeError } from '../errors/describe-error';
import { assess, resolveOptions, type Assessment } from './assess';
import { auditSortKey, DEACTIVATION_TTL_DAYS, deactivationKey, type ActionDecision, type AuditPhase, type AuditRecord, type Deactivation } from './audit-table';
import { blockedActions } from './blocked';
import { firstSightings } from './first-sightings';
import { deactivateKey } from './iam-keys';
import { killSwitchStop } from './kill-switch';
import { inactiveReason } from './prior-attempts';
import { accountOf, SharedRails } from './shared-rails';
import type { KeyExpiryDeps, KeyExpiryOptions, KeyExpiryOutcome, KeyExpiryReport } from './key-expiry-types';

export { KEY_EXPIRY_PERMISSIONS } from './key-expiry-types';
export type { KeyExpiryDeps, KeyExpiryOptions, KeyExpiryOutcome, KeyExpiryReport } from './key-expiry-types';
export type { BlockedActions, BlockReason } from './blocked';

/** How long a run holds a key it is deactivating; afterwards any run re-reads the key's live status. */
const CLAIM_MS = 15 * 60_000;

/**
 * Deactivates the stale and unused keys of a plan under the safety rails (DESIGN.md "Safety rails").
 * Report mode (default) reads IAM to confirm each key and audits what it would do; enforce mode also
 * writes. Every run first records the first sighting of each planned key in the audit table (the
 * first one wins), so the grace counts the same with or without a findings ledger. Order: break-glass,
 * grace (from the earliest of that sighting and the ledger's firstSeen), key confirmation (ListAccessKeys + GetAccessKeyLastUsed for that
 * one user and key), already inactive, used since the finding; then the cap over what would execute
 * — exceeded, nothing is written to IAM and those actions are `blocked-by-cap`. The writes of a run
 * hold the account's write lock (one run writes in an account at a time). Each write is preceded by
 * the kill switch (read live), a claim on the key (two runs racing on one key: one writes), a slot of
 * the account's daily cap (shared by retries and concurrent runs: slot N+1 fails once the cap is N),
 * and its audit record, and acts on exactly one key id with UpdateAccessKey Status=Inactive. A failed
 * write is audited and the run goes on (its slot stays used: a lost response may have deactivated
 * the key); a failed audit write stops the run.
 */
export async function applyKeyExpiry(plan: readonly PlannedAction[], deps: KeyExpiryDeps, options: KeyExpiryOptions): Promise<KeyExpiryReport> {
  const o = resolveOptions(options);
  const clock = deps.clock ?? (() => new Date());
  const nowMs = clock().getTime();
  const firstSeen = await firstSightings(plan, deps, o.runId, new Date(nowMs).toISOString());
  const reported = o.mode === 'report' && !o.everyRun ? await reportedDecisions(plan, deps, new Date(nowMs).toISOString()) : undefined;
  const assessed: Assessment[] = [];
  for (const [seq, action] of plan.entries()) assessed.push(await assess(seq, action, deps, o, nowMs, firstSeen, reported?.has));

  const eligible = assessed.filter((a) => a.decision === 'planned');
  const blockedByCap = eligible.length > o.maxActions;
  if (blockedByCap) {
    for (const a of eligible) Object.assign(a, { decision: 'blocked-by-cap', reason: `${eligible.length} keys would be deactivated, over the cap of ${o.maxActions}: none was` });
  }

  const record = (a: Assessment, phase: AuditPhase, decision: ActionDecision, reason: string, after?: AuditRecord['after']): AuditRecord => {
    const at = clock();
    const accessKeyId = a.key?.accessKeyId ?? a.action.accessKeyId;
    return {
      runId: o.runId,
      sk: auditSortKey(a.action.findingId, phase, decision),
      seq: a.seq,
      phase,
      findingId: a.action.findingId,
      action: 'deactivate-access-key',
      mode: o.mode,
      decision,
      reason,
      userArn: a.action.userArn,
      userName: a.action.userName,
      accessKeySlot: a.action.accessKeySlot,
      ...(accessKeyId ? { accessKeyId } : {}),
      ...(a.key ? { before: { status: a.key.status, lastUsed: a.key.lastUsed } } : {}),
      ...(after ? { after } : {}),
      actor: o.actor,
      at: at.toISOString(),
      ...(o.retentionDays ? { ttl: Math.floor(at.getTime() / 1000) + Math.round(o.retentionDays * 86_400) } : {}),
    };
  };
  const write = async (rec: AuditRecord): Promise<KeyExpiryOutcome> => ({ ...rec, audit: await deps.audit.record(rec) });

  // An earlier attempt of this run: what it wrote decides how a key found Inactive now is recorded.
  const prior = o.mode === 'enforce' ? await deps.audit.list(o.runId) : [];
  for (const a of assessed) if (a.decision === 'already-inactive') a.reason = inactiveReason(a, prior);

  // Everything that will not be written goes to the log first: the run's picture is complete before any write.
  // A report run records only decisions not on record yet: the same decision again is a duplicate.
  const outcomes: KeyExpiryOutcome[] = [];
  const early = assessed.filter((a) => o.mode === 'report' || a.decision !== 'planned');
  const earlyRecords = early.map((a) => record(a, 'plan', a.decision, a.reason));
  const isNew = (r: AuditRecord) => !reported?.has(`${r.findingId}#${r.decision}`);
  const stored = await deps.audit.recordMany(earlyRecords.filter(isNew));
  let next = 0;
  early.forEach((a, i) => (outcomes[a.seq] = { ...earlyRecords[i]!, audit: isNew(earlyRecords[i]!) ? stored[next++]! : 'duplicate' }));
  if (reported) await reported.remember(earlyRecords.filter(isNew), clock().toISOString());
  const wallClock = deps.wallClock ?? (() => new Date());
  // A key IAM shows inactive now is as good as deactivated for the sweeps that reuse an older credential report.
  for (const a of assessed) if (a.decision === 'already-inactive') await deps.audit.deactivated(deactivation(accountOf(a.action.userArn), a, o.runId, wallClock(), 'already-inactive'));

  let deactivated = 0;
  let capUsedUp = false;
  const shared = new SharedRails(deps.audit, o.runId, o.maxActions, new Date(nowMs).toISOString().slice(0, 10), wallClock);
  try {
    for (const a of o.mode === 'enforce' ? assessed.filter((x) => x.decision === 'planned') : []) {
      const accountId = accountOf(a.action.userArn);
      if (!(await shared.lock(accountId))) {
        outcomes[a.seq] = await write(record(a, 'plan', 'skipped-concurrent-run', `another run holds the write lock of account ${accountId}: it acts, this run does not`));
        continue;
      }
      const stop = await killSwitchStop(deps.killSwitch);
      if (stop) {
        outcomes[a.seq] = await write(record(a, 'plan', 'skipped-kill-switch', stop));
        continue;
      }
      const at = wallClock();
      const claimed = await deps.audit.claim(a.key!.accessKeyId, o.runId, at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString());
      if (!claimed) {
        outcomes[a.seq] = await write(record(a, 'plan', 'skipped-concurrent-run', 'another run holds this key\'s deactivation claim: it acts, this run does not'));
        continue;
      }
      if (!(await shared.slot(accountId, a.key!.accessKeyId))) {
        capUsedUp = true;
        const why = `the cap of ${o.maxActions} deactivations in account ${accountId} on ${shared.day} (UTC) is used up by this run, its earlier attempts or other runs`;
        outcomes[a.seq] = await write(record(a, 'plan', 'blocked-by-cap', why));
        continue;
      }
      await write(record(a, 'plan', 'planned', a.reason));
      let failure: unknown;
      try {
        await deactivateKey(deps.iam, a.action.userName, a.key!.accessKeyId);
      } catch (e) {
        failure = e ?? new Error('UpdateAccessKey failed');
      }
      // Outside the try: a failed audit write after a successful UpdateAccessKey stops the run; it is not an IAM failure.
      if (failure === undefined) {
        deactivated += 1;
        outcomes[a.seq] = await write(record(a, 'result', 'deactivated', a.reason, { status: 'Inactive' }));
        await deps.audit.deactivated(deactivation(accountId, a, o.runId, wallClock(), 'deactivated'));
      } else {
        outcomes[a.seq] = await write(record(a, 'result', 'failed', `UpdateAccessKey failed: ${describeError(failure)}`));
      }
    }
  } finally {
    await shared.release();
  }
  // Deactivations on record for the run (writes seen to succeed): earlier attempts' and this attempt's.
  const isDeactivation = (r: AuditRecord) => r.phase === 'result' && r.decision === 'deactivated';
  const executed = [...prior.filter(isDeactivation), ...outcomes.filter((r) => r && isDeactivation(r) && r.audit === 'written')];
  return { runId: o.runId, mode: o.mode, outcomes, deactivated, blockedByCap: blockedByCap || capUsedUp, executed, blocked: blockedActions(o.mode, outcomes) };
}

/** A report run's decisions on record, read per account (one that cannot be read counts as none: the run records again). */
async function reportedDecisions(plan: readonly PlannedAction[], deps: KeyExpiryDeps, now: string) {
  const ids = new Set<string>();
  for (const account of new Set(plan.map((a) => accountOf(a.userArn)))) {
    for (const id of await deps.audit.reported(account, now).catch(() => new Set<string>())) ids.add(`${account}\u0000${id}`);
  }
  const accountOfFinding = new Map(plan.map((a) => [a.findingId, accountOf(a.userArn)]));
  return {
    has: (decisionId: string) => ids.has(`${accountOfFinding.get(decisionId.slice(0, decisionId.lastIndexOf('#')))}\u0000${decisionId}`),
    /** Remembers what this run recorded; a decision not remembered is recorded again by the next run. */
    async remember(records: readonly AuditRecord[], at: string) {
      for (const account of new Set(records.map((r) => accountOf(r.userArn)))) {
        await deps.audit.rememberReported(account, records.filter((r) => accountOf(r.userArn) === account).map((r) => `${r.findingId}#${r.decision}`), at).catch(() => undefined);
      }
    },
  };
}

/**
 * The account's record of a key this run deactivated or found inactive, at the real time it knew:
 * later sweeps compare it with the credential report's GeneratedTime (see AUDIT_TABLE).
 */
function deactivation(accountId: string, a: Assessment, runId: string, at: Date, decision: Deactivation['decision']): Deactivation {
  const accessKeyId = a.key!.accessKeyId;
  const when = at.toISOString();
  return {
    ...deactivationKey(accountId, when, accessKeyId),
    userArn: a.action.userArn,
    accessKeySlot: a.action.accessKeySlot,
    accessKeyId,
    findingId: a.action.findingId,
    decision,
    deactivatedBy: runId,
    at: when,
    ttl: Math.ceil(at.getTime() / 1000) + DEACTIVATION_TTL_DAYS * 86_400,
  };
}

/** The findings and user tags of one reconcile, as key expiry needs them. */
export function keyExpiryInputs(result: ReconcileResult, inventory: Inventory): Pick<KeyExpiryDeps, 'findings' | 'userTags'> {
  const tags = new Map(inventory.users.map((u) => [u.arn, u.tags]));
  return { findings: result.findings, userTags: (arn) => tags.get(arn) };
}
