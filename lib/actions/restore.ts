import type { IAMClient } from '@aws-sdk/client-iam';
import { isRevocable } from '../core/revocation-plan';
import { describeError } from '../errors/describe-error';
import { ActionError } from './action-errors';
import type { AuditSink } from './audit-log';
import type { EntitlementRef } from './iam-entitlements';
import { restoreCalls, restoreEntitlement } from './iam-restore';
import type { RevocationLog } from './revocation-log';
import { parseActionId, restorePartition, revocationPartition, revocationSortKey, type RevocationDecision, type RevocationRecord } from './revocation-record';

/** `tally restore` would not act: the action id names no revocation that can be undone. Nothing was written. */
export class RestoreRefusedError extends ActionError {
  override readonly name = 'RestoreRefusedError';
  constructor(
    readonly actionId: string,
    reason: string,
  ) {
    super(`restore ${actionId}: ${reason}`, { actionId });
  }
}

export interface RestoreDeps {
  iam: IAMClient;
  /** For the restore's claim (two restores of one action never run side by side). */
  audit: AuditSink;
  log: RevocationLog;
  clock?: () => Date;
}

export interface RestoreOptions {
  /** `<runId>/<findingId>` of the revocation, as the sweep output and "Tally Action Executed" name it. */
  actionId: string;
  /** Says what would be restored; reads the audit table only, writes nothing. */
  dryRun?: boolean;
  /** @default 'tally-cli' */
  actor?: string;
}

export interface RestoreReport {
  actionId: string;
  dryRun: boolean;
  /** The revocation restored (or that would be). */
  revocation: RevocationRecord;
  /** One line per IAM call made (or that would be). */
  calls: string[];
}

const CLAIM_MS = 15 * 60_000;

/** The revocation an action id names, or a refusal saying why it cannot be restored. */
async function revocationOf(log: RevocationLog, actionId: string): Promise<RevocationRecord> {
  const id = parseActionId(actionId);
  if (!id) throw new RestoreRefusedError(actionId, 'not an action id (<runId>/<findingId>)');
  const mine = (await log.list(revocationPartition(id.runId))).filter((r) => r.findingId === id.findingId);
  const revoked = mine.find((r) => r.phase === 'result' && r.decision === 'revoked');
  if (!revoked) {
    const seen = [...new Set(mine.map((r) => r.decision))].join(', ');
    throw new RestoreRefusedError(actionId, seen ? `not a revocation Tally made (decisions on record: ${seen})` : 'no revocation on record in the audit table (a key deactivation or an unknown id)');
  }
  if (!isRevocable(revoked.entitlement) || revoked.principalType === 'secret' || !revoked.before?.present) {
    throw new RestoreRefusedError(actionId, `the record holds no before-state to restore (${revoked.entitlement} on ${revoked.principalArn})`);
  }
  const done = (await log.list(restorePartition(id.runId))).find((r) => r.findingId === id.findingId && r.phase === 'result' && r.decision === 'restored');
  if (done) throw new RestoreRefusedError(actionId, `already restored at ${done.at} by ${done.actor}`);
  return revoked;
}

/**
 * Re-applies the before-state a revocation saved (see iam-restore.ts), once: refuses a missing
 * record, one that is not a revocation, and one already restored. The restore is audited as its own
 * action in partition `rst#<runId>`: `planned` before the writes, `restored` (or `failed`) after,
 * with the state it put back. Operator credentials only (the CLI); no deployed role may restore.
 */
export async function restoreRevocation(deps: RestoreDeps, options: RestoreOptions): Promise<RestoreReport> {
  const { actionId } = options;
  const clock = deps.clock ?? (() => new Date());
  const actor = options.actor ?? 'tally-cli';
  const revocation = await revocationOf(deps.log, actionId);
  const ref: EntitlementRef = { entitlement: revocation.entitlement as EntitlementRef['entitlement'], principalType: revocation.principalType as EntitlementRef['principalType'], principalName: revocation.principalName, target: revocation.target };
  const before = revocation.before!;
  const calls = restoreCalls(ref, before);
  if (options.dryRun) return { actionId, dryRun: true, revocation, calls };

  const at = clock();
  if (!(await deps.audit.claim(`restore:${actionId}`, `restore:${actionId}:${at.toISOString()}`, at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString()))) {
    throw new RestoreRefusedError(actionId, 'another restore of this action is in progress');
  }
  const record = (phase: 'plan' | 'result', decision: RevocationDecision, reason: string): RevocationRecord => ({
    ...revocation,
    runId: restorePartition(revocation.runId.slice('rev#'.length)),
    sk: revocationSortKey(revocation.findingId, phase, decision),
    phase,
    action: 'restore-entitlement',
    mode: 'enforce',
    decision,
    reason,
    before: revocation.after ?? { present: false },
    after: before,
    restores: actionId,
    actor,
    at: clock().toISOString(),
  });
  await deps.log.record(record('plan', 'planned', calls.join('; ')));
  try {
    await restoreEntitlement(deps.iam, ref, before);
  } catch (e) {
    await deps.log.record(record('result', 'failed', `restore failed: ${describeError(e)}`));
    throw e;
  }
  await deps.log.record(record('result', 'restored', calls.join('; ')));
  return { actionId, dryRun: false, revocation, calls };
}
