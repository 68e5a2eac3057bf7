import { z } from 'zod';

/**
 * What the rails decided for one revocation, or what its write did (see `ACTION_DECISIONS` for keys):
 * - `planned`: would revoke (report mode), or is about to (enforce, written just before the write,
 *   with the state it is about to remove);
 * - `revoked` / `failed`: the outcome of the IAM write(s) as this run saw it (result records);
 * - `already-absent`: IAM shows the entitlement gone already (NoSuchEntity, no Active key);
 * - `blocked-by-cap`, `skipped-*`: a rail stopped it; `skipped-report-only`: a kind Tally never
 *   changes (identity, role-trust, secret); `skipped-unconfirmed`: the state to save could not be read.
 * Restores (partition `rst#<runId>`): `planned` before the writes, then `restored` or `failed`.
 */
export const REVOCATION_DECISIONS = [
  'planned',
  'revoked',
  'failed',
  'already-absent',
  'blocked-by-cap',
  'skipped-report-only',
  'skipped-exempt',
  'skipped-break-glass',
  'skipped-grace',
  'skipped-kill-switch',
  'skipped-unconfirmed',
  'skipped-concurrent-run',
  'restored',
] as const;
export type RevocationDecision = (typeof REVOCATION_DECISIONS)[number];

const state = z.object({ present: z.boolean(), document: z.string().optional(), activeKeys: z.array(z.string()).optional() }).strict();

/**
 * One revocation (partition `rev#<runId>`) or restore (partition `rst#<runId>` of the revoking run)
 * record in the audit table. Sort key `<findingId>#1-plan-<decision>` / `<findingId>#2-result-<decision>`,
 * as key expiry's: one per decision, written once (conditional put), never changed.
 */
export const revocationRecordSchema = z
  .object({
    runId: z.string().regex(/^(rev|rst)#./),
    sk: z.string().min(1),
    seq: z.number().int().nonnegative(),
    phase: z.enum(['plan', 'result']),
    findingId: z.string().min(1),
    action: z.enum(['revoke-entitlement', 'restore-entitlement']),
    entitlement: z.enum(['identity', 'managed-policy', 'inline-policy', 'group-membership', 'access-key', 'role-trust', 'secret']),
    mode: z.enum(['report', 'enforce']),
    decision: z.enum(REVOCATION_DECISIONS),
    reason: z.string(),
    principalArn: z.string().min(1),
    principalType: z.enum(['user', 'role', 'group', 'secret']),
    principalName: z.string().min(1),
    target: z.string(),
    tickets: z.array(z.string()),
    /** The entitlement as IAM showed it just before the write: what a restore puts back. */
    before: state.optional(),
    after: state.optional(),
    /** Restore records: the action id (`<runId>/<findingId>`) of the revocation restored. */
    restores: z.string().optional(),
    actor: z.string().min(1),
    at: z.iso.datetime({ offset: true }),
    ttl: z.number().int().positive().optional(),
  })
  .strict();

export type RevocationRecord = z.infer<typeof revocationRecordSchema>;

/** Partition of a run's revocation records. */
export const revocationPartition = (runId: string) => `rev#${runId}`;
/** Partition of the restores of a run's revocations. */
export const restorePartition = (runId: string) => `rst#${runId}`;

/** Sort key of a record: plan before result, grouped by finding, one per decision. */
export function revocationSortKey(findingId: string, phase: 'plan' | 'result', decision: RevocationDecision): string {
  return `${findingId}#${phase === 'plan' ? '1-plan' : '2-result'}-${decision}`;
}

/** The action id of a revocation (as "Tally Action Executed" names it and `tally restore` takes it): `<runId>/<findingId>`. */
export function revocationActionId(rec: Pick<RevocationRecord, 'runId' | 'findingId'>): string {
  return `${rec.runId.replace(/^(rev|rst)#/, '')}/${rec.findingId}`;
}

/** The run id and finding id of an action id (finding ids start `tally/`); undefined when it is not one. */
export function parseActionId(id: string): { runId: string; findingId: string } | undefined {
  const at = id.indexOf('/tally/');
  if (at <= 0 || at + 7 >= id.length) return undefined;
  return { runId: id.slice(0, at), findingId: id.slice(at + 1) };
}
