import type { Inventory, Tags } from '../core/inventory';
import type { PlannedRevocation } from '../core/revocation-plan';
import { entitlementId, isRevocable } from '../core/revocation-plan';
import { describeError } from '../errors/describe-error';
import { blockedActions } from './blocked';
import { isNoSuchEntity, readBefore, removeEntitlement, type EntitlementRef, type EntitlementState } from './iam-entitlements';
import { killSwitchStop } from './kill-switch';
import { assessRevocation, resolveRevocationOptions, revocationSightings, type RevocationAssessment } from './revocation-assess';
import { revocationPartition, revocationSortKey, type RevocationDecision, type RevocationRecord } from './revocation-record';
import type { RevocationDeps, RevocationOptions, RevocationOutcome, RevocationReport } from './revocation-types';
import { accountOf, SharedRails } from './shared-rails';

export { REVOCATION_PERMISSIONS } from './revocation-types';
export type { RevocationDeps, RevocationOptions, RevocationOutcome, RevocationReport } from './revocation-types';

/** How long a run holds an entitlement it is revoking (as key expiry holds a key). */
const CLAIM_MS = 15 * 60_000;

/** The claim id of an entitlement (the audit table's `key#<id>` claim partition, beside the keys'). */
export const revocationClaimId = (r: PlannedRevocation) => `revoke:${entitlementId(r)}`;

/**
 * The cap's counter of revocations in an account: its own slots (`cap#<account>#revocations#<day>`),
 * apart from key deactivations, so neither kind of action starves the other.
 */
export const revocationCapScope = (accountId: string) => `${accountId}#revocations`;

function refOf(r: PlannedRevocation): EntitlementRef | undefined {
  if (!isRevocable(r.entitlement) || r.principalType === 'secret') return undefined;
  return { entitlement: r.entitlement, principalType: r.principalType, principalName: r.principalName, target: r.target };
}

/**
 * Removes exactly the entitlements that ended approvals named (EXPIRED_APPROVAL_ACTIVE), under the
 * key-expiry rails: report by default (audits, reads and writes nothing in IAM); exemptions (from
 * approvals in force) and break-glass principals are skipped; grace counts from `expiresAt`, or for
 * a revoked approval from the finding's first sighting; a plan over `maxRevocations` stops before
 * any write. In enforce mode each write holds the account's write lock, reads the kill switch, claims
 * the entitlement (two runs never both act), reads what it must save (an inline policy's document,
 * the user's Active keys), takes a slot of the account's daily revocation cap, records the plan with
 * that before-state, then writes once. Identity, role-trust and secret are reported, never changed.
 */
export async function applyRevocations(plan: readonly PlannedRevocation[], deps: RevocationDeps, options: RevocationOptions): Promise<RevocationReport> {
  const o = resolveRevocationOptions(options);
  const clock = deps.clock ?? (() => new Date());
  const wallClock = deps.wallClock ?? (() => new Date());
  const nowMs = clock().getTime();
  const firstSeen = await revocationSightings(plan, deps.audit, o.runId, new Date(nowMs).toISOString());
  const assessed = plan.map((r, seq) => assessRevocation(seq, r, deps, o, nowMs, firstSeen));

  const eligible = assessed.filter((a) => a.decision === 'planned');
  const overCap = eligible.length > o.maxRevocations;
  if (overCap) for (const a of eligible) Object.assign(a, { decision: 'blocked-by-cap', reason: `${eligible.length} revocations would be made, over the cap of ${o.maxRevocations}: none was` });

  const record = (a: RevocationAssessment, phase: 'plan' | 'result', decision: RevocationDecision, reason: string, before?: EntitlementState, after?: EntitlementState): RevocationRecord => {
    const at = clock();
    const r = a.revocation;
    return {
      runId: revocationPartition(o.runId),
      sk: revocationSortKey(r.findingId, phase, decision),
      seq: a.seq,
      phase,
      findingId: r.findingId,
      action: 'revoke-entitlement',
      entitlement: r.entitlement,
      mode: o.mode,
      decision,
      reason,
      principalArn: r.principalArn,
      principalType: r.principalType,
      principalName: r.principalName,
      target: r.target,
      tickets: r.tickets,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
      actor: o.actor,
      at: at.toISOString(),
      ...(o.retentionDays ? { ttl: Math.floor(at.getTime() / 1000) + Math.round(o.retentionDays * 86_400) } : {}),
    };
  };
  const outcomes: RevocationOutcome[] = [];
  const write = async (a: RevocationAssessment, rec: RevocationRecord) => (outcomes[a.seq] = { ...rec, audit: await deps.log.record(rec) });

  const prior = o.mode === 'enforce' ? await deps.log.list(revocationPartition(o.runId)) : [];
  const isRevoked = (r: RevocationRecord) => r.phase === 'result' && r.decision === 'revoked';
  const revokedBefore = new Set(prior.filter(isRevoked).map((r) => r.findingId));
  for (const a of assessed) {
    if (a.decision === 'planned' && revokedBefore.has(a.revocation.findingId)) Object.assign(a, { decision: 'already-absent', reason: `${a.reason}; revoked by this run's earlier attempt (on record)` });
  }
  // Everything that will not be written goes to the log first: the run's picture is complete before any write.
  for (const a of assessed) if (o.mode === 'report' || a.decision !== 'planned') await write(a, record(a, 'plan', a.decision, a.reason));

  let revoked = 0;
  let capUsedUp = false;
  const shared = new SharedRails(deps.audit, o.runId, o.maxRevocations, new Date(nowMs).toISOString().slice(0, 10), wallClock);
  try {
    for (const a of o.mode === 'enforce' ? assessed.filter((x) => x.decision === 'planned') : []) {
      const r = a.revocation;
      const ref = refOf(r)!;
      const accountId = accountOf(r.principalArn);
      if (!(await shared.lock(accountId))) {
        await write(a, record(a, 'plan', 'skipped-concurrent-run', `another run holds the write lock of account ${accountId}: it acts, this run does not`));
        continue;
      }
      const stop = await killSwitchStop(deps.killSwitch);
      if (stop) {
        await write(a, record(a, 'plan', 'skipped-kill-switch', stop));
        continue;
      }
      const at = wallClock();
      if (!(await deps.audit.claim(revocationClaimId(r), o.runId, at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString()))) {
        await write(a, record(a, 'plan', 'skipped-concurrent-run', "another run holds this entitlement's revocation claim: it acts, this run does not"));
        continue;
      }
      let before: EntitlementState | undefined;
      try {
        before = await readBefore(deps.iam, ref);
      } catch (e) {
        await write(a, record(a, 'plan', 'skipped-unconfirmed', `reading what to save before revoking failed: ${describeError(e)}`));
        continue;
      }
      if (before && !before.present) {
        await write(a, record(a, 'plan', 'already-absent', `${a.reason}; IAM shows it removed already`, before));
        continue;
      }
      if (!(await shared.slot(revocationCapScope(accountId), entitlementId(r)))) {
        capUsedUp = true;
        await write(a, record(a, 'plan', 'blocked-by-cap', `the cap of ${o.maxRevocations} revocations in account ${accountId} on ${shared.day} (UTC) is used up by this run, its earlier attempts or other runs`));
        continue;
      }
      const saved = before ?? { present: true };
      // The before-state (an inline policy's document) is on record before the write: restore needs it.
      await write(a, record(a, 'plan', 'planned', a.reason, saved));
      let after: EntitlementState | undefined;
      let failure: unknown;
      try {
        after = await removeEntitlement(deps.iam, ref, before);
      } catch (e) {
        failure = e ?? new Error('IAM write failed');
      }
      if (after) {
        revoked += 1;
        await write(a, record(a, 'result', 'revoked', a.reason, saved, after));
      } else if (isNoSuchEntity(failure)) {
        await write(a, record(a, 'result', 'already-absent', `${a.reason}; IAM answered NoSuchEntity: removed already`));
      } else {
        await write(a, record(a, 'result', 'failed', `IAM write failed: ${describeError(failure)}`, saved));
      }
    }
  } finally {
    await shared.release();
  }
  const executed = [...prior.filter(isRevoked), ...outcomes.filter((x) => x && isRevoked(x) && x.audit === 'written')];
  return { runId: o.runId, mode: o.mode, outcomes, revoked, blockedByCap: overCap || capUsedUp, executed, blocked: blockedActions(o.mode, outcomes) };
}

/** The principals' tags (users and roles; groups have none) as revocation's break-glass tag reads them. */
export function revocationInputs(inventory: Inventory): Pick<RevocationDeps, 'principalTags'> {
  const tags = new Map<string, Tags>([...inventory.users, ...inventory.roles].map((p) => [p.arn, p.tags]));
  return { principalTags: (arn) => tags.get(arn) };
}
