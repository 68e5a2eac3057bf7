import { z } from 'zod';
import type { TableSpec } from '../aws/table-spec';

/**
 * The audit table of actions: one item per planned action and one per attempted write.
 *
 * Keys
 * - Partition key `runId` (S): one run of `applyKeyExpiry`; a Query on it returns the whole run.
 * - Sort key `sk` (S): `<findingId>#1-plan-<decision>` for a decision the rails took and
 *   `<findingId>#2-result-<decision>` for the outcome of an IAM write: one record per distinct
 *   decision of a run, so re-running a run id repeats nothing, yet a re-run that decides otherwise
 *   (a key skipped as unconfirmed, then deactivated; a write retried after `failed`) is on record.
 *   Keyed by finding rather than position so a re-run of the same run id lands on the same items
 *   whatever order its plan comes in; the position in the plan is kept in `seq` (N).
 *
 * Every put is conditional on `attribute_not_exists(runId)`: writing the same record of the same run
 * again is a no-op (`duplicate`), never a second item, and a record once written is never changed.
 * `ttl` (N, epoch seconds) is set only when a retention period is configured; by default records stay.
 */
/*
 * Besides run records, the table holds, all written with conditional puts only:
 * - one claim per key being deactivated: partition `key#<accessKeyId>`, sort key `claim`, written
 *   just before UpdateAccessKey so two runs racing on one key never both write; it expires;
 * - one lock per account whose keys a run is deactivating: partition `lock#<accountId>`, sort key
 *   `lock`, a lease so two runs never write in one account at once (released by expiring it);
 * - the cap's slots: partition `cap#<accountId>#<YYYY-MM-DD>`, sort keys `slot#0001`… one per key a
 *   run may deactivate in that account on that (UTC) day; a put of slot N+1 fails once the cap is N,
 *   so retries and concurrent runs share one cap. Attributes of these items: runId, sk, claimedBy,
 *   accessKeyId (slots), at, until (claims, locks), ttl;
 * - the account's memory, one partition per account, `mem#<accountId>`, read whole with one (paged)
 *   Query per sweep (an instance of the DynamoDB audit log serves one run: later reads of the run use
 *   that snapshot). Each kind of item has its own sort-key prefix:
 *   - first sightings, the grace period's own record: sort key `seen#<identity>`, the key's identity
 *     `<user ARN>/access-key@<creation time>` (as the key findings' ids are computed: two keys of one
 *     user created in the same second share one), written when a run first plans a deactivation of
 *     that key, in either mode. The first put wins and is never overwritten while it lasts.
 *     Attributes: findingId, userArn, firstSeen (the run's evaluation time), seenBy (run id),
 *     ttl = firstSeen + {@link SIGHTING_TTL_DAYS};
 *   - deactivations: sort key `off#<at>#<accessKeyId>`, one per key a run saw UpdateAccessKey succeed
 *     on (written after its result record) or found inactive when it confirmed the key. IAM's
 *     credential report is reused for up to 4 hours, so a sweep counts those made since the report it
 *     read inactive. Attributes: userArn, accessKeySlot, accessKeyId, findingId, decision,
 *     deactivatedBy (run id), at, ttl = at + {@link DEACTIVATION_TTL_DAYS};
 *   - secret version dates: sort key `ver#<secretArn>#<versionId>`, the creation date of a secret's
 *     AWSCURRENT version as ListSecretVersionIds returned it (a version's CreatedDate never changes),
 *     so a later sweep calls ListSecretVersionIds only for secrets whose current version id (in
 *     ListSecrets) is not on record. The first put wins; only an expired one is replaced. Attributes:
 *     createdAt, rememberedAt, rememberedBy (run id), ttl = rememberedAt + {@link SECRET_VERSION_TTL_DAYS};
 *   - delivered key expiry warnings: sort key `warn#<warningId>`, attributes sentAt,
 *     ttl = sentAt + {@link WARNING_TTL_DAYS};
 *   - report-mode decisions on record: sort key `plan#<findingId>#<decision>`, attributes sentAt
 *     (when the run recorded it), ttl = sentAt + {@link REPORTED_TTL_DAYS};
 *   - creators: sort key `by#<principal ARN>`, who created the principal, or granted it something,
 *     as the CloudTrail event path saw it (written by that path, a create over anything, a grant
 *     only where no create is on record). Attributes: creator, how, eventName, eventId, at,
 *     ttl = at + {@link CREATOR_TTL_DAYS}.
 */
export const AUDIT_TABLE: TableSpec = {
  partitionKey: { name: 'runId', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'ttl',
};

/**
 * What the rails decided, or what the write did.
 * - `planned`: would deactivate (report mode), or is about to (enforce mode, written before the write);
 * - `deactivated` / `failed`: the outcome of UpdateAccessKey as this run saw it (result records only);
 * - `already-inactive`: the matched key is Inactive already, nothing to do; never counted as this run's
 *   deactivation, even when an earlier write of this run whose outcome was not seen may have made it so;
 * - `blocked-by-cap`: more actions would execute than `maxActions`; none did;
 * - `skipped-*`: a rail stopped it (break-glass, grace, kill switch, key mismatch, key in use,
 *   key not confirmed by IAM, finding not among the run's findings, another run holds the key's claim).
 */
export const ACTION_DECISIONS = [
  'planned',
  'deactivated',
  'failed',
  'already-inactive',
  'blocked-by-cap',
  'skipped-break-glass',
  'skipped-grace',
  'skipped-kill-switch',
  'skipped-key-mismatch',
  'skipped-key-in-use',
  'skipped-unconfirmed',
  'skipped-finding-missing',
  'skipped-concurrent-run',
] as const;
export type ActionDecision = (typeof ACTION_DECISIONS)[number];

const keyStatus = z.enum(['Active', 'Inactive', 'Expired']);

/** One audit item, validated before every put. */
export const auditRecordSchema = z
  .object({
    runId: z.string().min(1),
    sk: z.string().min(1),
    seq: z.number().int().nonnegative(),
    phase: z.enum(['plan', 'result']),
    findingId: z.string().min(1),
    action: z.literal('deactivate-access-key'),
    mode: z.enum(['report', 'enforce']),
    decision: z.enum(ACTION_DECISIONS),
    reason: z.string(),
    userArn: z.string().min(1),
    userName: z.string().min(1),
    accessKeySlot: z.union([z.literal(1), z.literal(2)]),
    accessKeyId: z.string().optional(),
    /** The key as IAM showed it just before acting; absent when a rail stopped the action before the read. */
    before: z.object({ status: keyStatus, lastUsed: z.string().nullable() }).strict().optional(),
    after: z.object({ status: keyStatus }).strict().optional(),
    actor: z.string().min(1),
    at: z.iso.datetime({ offset: true }),
    ttl: z.number().int().positive().optional(),
  })
  .strict();

export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type AuditPhase = AuditRecord['phase'];

/** Sort key of an action's record: plan before result, grouped by finding, one per decision. */
export function auditSortKey(findingId: string, phase: AuditPhase, decision: ActionDecision): string {
  return `${findingId}#${phase === 'plan' ? '1-plan' : '2-result'}-${decision}`;
}

/** The key of a key's deactivation claim (see AUDIT_TABLE). */
export function claimKey(accessKeyId: string): { runId: string; sk: string } {
  return { runId: `key#${accessKeyId}`, sk: 'claim' };
}

/** The key of an account's write lock (see AUDIT_TABLE). */
export function lockKey(accountId: string): { runId: string; sk: string } {
  return { runId: `lock#${accountId}`, sk: 'lock' };
}

/** The partition of an account's cap slots for one UTC day, and the sort key of slot `n` (1-based). */
export function capKey(accountId: string, day: string, n?: number): { runId: string; sk?: string } {
  return { runId: `cap#${accountId}#${day}`, ...(n !== undefined ? { sk: `slot#${String(n).padStart(4, '0')}` } : {}) };
}

/** DynamoDB TTL (epoch seconds) `days` after the ISO instant `iso`. */
export const ttlAfter = (iso: string, days: number) => Math.ceil(Date.parse(iso) / 1000) + days * 86_400;

const MEMORY = 'mem#';

/** The partition of an account's memory (see AUDIT_TABLE). */
export function memoryPartition(accountId: string): string {
  return `${MEMORY}${accountId}`;
}

/**
 * How long a first sighting is kept (DynamoDB TTL, from the sighting): longer than a finding waits
 * in report mode before anyone switches to enforce. A key still planned after that is sighted anew
 * and waits a new grace period: an expired sighting only ever delays an action.
 */
export const SIGHTING_TTL_DAYS = 400;

/** A key's first sighting, as stored (see AUDIT_TABLE). */
export const sightingSchema = z.object({
  runId: z.string().startsWith(MEMORY),
  sk: z.string().startsWith('seen#'),
  findingId: z.string().min(1),
  userArn: z.string().min(1),
  firstSeen: z.iso.datetime({ offset: true }),
  seenBy: z.string().min(1),
  ttl: z.number().int().positive(),
});

export type Sighting = z.infer<typeof sightingSchema>;

/** The key of a first sighting of the key with `identity`. */
export function sightingKey(accountId: string, identity: string): { runId: string; sk: string } {
  return { runId: memoryPartition(accountId), sk: `seen#${identity}` };
}

/** The action id of a deactivation: its run and finding (as "Tally Action Executed" events name it). */
export function actionId(rec: Pick<AuditRecord, 'runId' | 'findingId'>): string {
  return `${rec.runId}/${rec.findingId}`;
}

/**
 * How long a deactivation is kept for sweeps to read back: longer than any credential report a sweep
 * reuses (4 hours) or a snapshot is taken from in practice.
 */
export const DEACTIVATION_TTL_DAYS = 7;

/** A key a run deactivated, as stored (see AUDIT_TABLE). */
export const deactivationSchema = z.object({
  runId: z.string().startsWith(MEMORY),
  sk: z.string().startsWith('off#'),
  userArn: z.string().min(1),
  accessKeySlot: z.union([z.literal(1), z.literal(2)]),
  accessKeyId: z.string().min(1),
  findingId: z.string().min(1),
  /** `deactivated` by this run, or `already-inactive` when the run found it so (by whomever). */
  decision: z.enum(['deactivated', 'already-inactive']),
  deactivatedBy: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  ttl: z.number().int().positive(),
});

export type Deactivation = z.infer<typeof deactivationSchema>;

/** The key of an account's deactivation of one key at `at` (ISO, as `toISOString` writes it: sort keys order by time). */
export function deactivationKey(accountId: string, at: string, accessKeyId: string): { runId: string; sk: string } {
  return { runId: memoryPartition(accountId), sk: `off#${at}#${accessKeyId}` };
}

/**
 * How long a secret version's date is remembered (DynamoDB TTL, from the sweep that wrote it). An
 * expired one costs one ListSecretVersionIds call, and is written anew.
 */
export const SECRET_VERSION_TTL_DAYS = 400;

/** A secret version's creation date, as remembered (see AUDIT_TABLE). */
export const secretVersionSchema = z.object({
  runId: z.string().startsWith(MEMORY),
  sk: z.string().startsWith('ver#'),
  /** The version's CreatedDate. */
  createdAt: z.iso.datetime({ offset: true }),
  rememberedAt: z.iso.datetime({ offset: true }),
  rememberedBy: z.string().min(1),
  ttl: z.number().int().positive(),
});

export type SecretVersionDate = z.infer<typeof secretVersionSchema>;

/** The key of the remembered date of one version of one secret. */
export function secretVersionKey(accountId: string, version: { secretArn: string; versionId: string }): { runId: string; sk: string } {
  return { runId: memoryPartition(accountId), sk: `ver#${version.secretArn}#${version.versionId}` };
}

/**
 * How long a delivered key expiry warning is remembered: longer than the warn windows (14 days by
 * default), so a warning goes out once per key, reason and window.
 */
export const WARNING_TTL_DAYS = 30;

/** A delivered expiry warning, or a report-mode decision on record, as remembered (see AUDIT_TABLE). */
export const rememberedSchema = z.object({
  runId: z.string().startsWith(MEMORY),
  sk: z.string().min(1),
  sentAt: z.iso.datetime({ offset: true }),
  ttl: z.number().int().positive(),
});

/** The key of a delivered expiry warning (by its warning id). */
export function warningKey(accountId: string, warningId: string): { runId: string; sk: string } {
  return { runId: memoryPartition(accountId), sk: `warn#${warningId}` };
}

/**
 * How long a report-mode decision is remembered: a report run records a key's decision when it is
 * new, changed, or older than this (and confirms a planned key against IAM only then).
 */
export const REPORTED_TTL_DAYS = 30;

/** The key of a report-mode decision on record (by `<findingId>#<decision>`). */
export function reportedKey(accountId: string, decisionId: string): { runId: string; sk: string } {
  return { runId: memoryPartition(accountId), sk: `plan#${decisionId}` };
}

/** How long the creator of a principal is remembered (DynamoDB TTL, from the event that named it). */
export const CREATOR_TTL_DAYS = 400;

/**
 * Who created, or granted something to, a principal, as the CloudTrail event path saw it (see
 * AUDIT_TABLE, `by#`): the suggested owner of a draft approval when no owner tag names one.
 */
export const creatorSchema = z.object({
  runId: z.string().startsWith(MEMORY),
  sk: z.string().startsWith('by#'),
  /** The caller: an IAM user's ARN, or `<session name> via <role ARN>` for an assumed role. */
  creator: z.string().min(1),
  /** `create`: the event created the principal (it wins); `grant`: it granted it something. */
  how: z.enum(['create', 'grant']),
  eventName: z.string().min(1),
  eventId: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  ttl: z.number().int().positive(),
});

export type CreatorRecord = z.infer<typeof creatorSchema>;

/** The key of the remembered creator of the principal `principalArn`. */
export function creatorKey(accountId: string, principalArn: string): { runId: string; sk: string } {
  return { runId: memoryPartition(accountId), sk: `by#${principalArn}` };
}

/** The kinds of item in an account's memory, by sort-key prefix. */
export type MemoryKind = 'seen' | 'off' | 'ver' | 'warn' | 'plan' | 'by';

/** What an item of the account's memory is about (its sort key without the kind's prefix), or undefined when it is another kind. */
export function memoryId(kind: MemoryKind, sk: string): string | undefined {
  return sk.startsWith(`${kind}#`) ? sk.slice(kind.length + 1) : undefined;
}
