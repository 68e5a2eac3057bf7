import type { AuditSink } from '../actions/audit-log';
import { SECRET_VERSION_TTL_DAYS, secretVersionKey } from '../actions/audit-table';
import type { Secret } from '../core/inventory';
import type { SecretVersions } from '../aws-shapes/secret-versions';
import { describeError } from '../errors/describe-error';
import { readCurrentVersions, type Sm } from './secrets-reader';

/** One secret version's creation date. */
export interface VersionDate {
  secretArn: string;
  versionId: string;
  createdAt: string;
}

/**
 * Where a sweep keeps AWSCURRENT version creation dates between sweeps, bound to one run. Used only
 * when the sweep has an audit table: a sweep without one stays read-only and reads every date.
 */
export interface SecretVersionMemory {
  /** The account's remembered dates in force, by {@link versionKey}: one (paged) read. */
  recall(accountId: string): Promise<Map<string, string>>;
  /** Remembers dates read (in as few writes as the store allows); throws when one was not stored. */
  remember(vs: readonly VersionDate[]): Promise<void>;
}

/** What a remembered read of version dates found. */
export interface RememberedVersions {
  versions: SecretVersions[];
  warnings: string[];
  /** Candidates whose date came from the memory (no ListSecretVersionIds call). */
  recalled: number;
  /** Dates this read put into the memory. */
  remembered: number;
}

/** The memory's key of one version of one secret (the audit table's sort key). */
export const versionKey = (secretArn: string, versionId: string) => `${secretArn}#${versionId}`;

/** The account of a secret ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>`). */
function accountOf(arn: string): string | undefined {
  const [, , service, , account] = arn.split(':');
  return service === 'secretsmanager' && account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The memory on the audit log (items `ver#…` of the account's memory, see AUDIT_TABLE), written as run `runId` at `now`. */
export function auditVersionMemory(audit: Pick<AuditSink, 'rememberVersions' | 'rememberedVersions'>, run: { runId: string; now: Date }): SecretVersionMemory {
  const at = run.now.toISOString();
  return {
    async recall(accountId) {
      return new Map([...(await audit.rememberedVersions(accountId, at))].map(([sk, v]) => [sk, v.createdAt]));
    },
    async remember(vs) {
      const ttl = Math.ceil(run.now.getTime() / 1000) + SECRET_VERSION_TTL_DAYS * 86_400;
      await audit.rememberVersions(
        vs.flatMap((v) => {
          const accountId = accountOf(v.secretArn);
          return accountId === undefined ? [] : [{ ...secretVersionKey(accountId, v), createdAt: v.createdAt, rememberedAt: at, rememberedBy: run.runId, ttl }];
        }),
      );
    },
  };
}

/**
 * {@link readCurrentVersions} with a memory: a candidate whose AWSCURRENT version id (from ListSecrets,
 * `currentIds`) is remembered takes the remembered date; the others are read as without a memory,
 * and each date read is remembered under the version id ListSecretVersionIds labels AWSCURRENT.
 *
 * The memory never costs a finding its age: an account whose memory cannot be read has every
 * candidate read from Secrets Manager (and nothing written); a failed write is one warning, stops
 * this read's further writes, and leaves the dates read in the inventory. A Secrets Manager failure
 * throws as {@link readCurrentVersions} does.
 */
export async function readCurrentVersionsRemembered(
  sm: Sm,
  candidates: readonly Secret[],
  currentIds: ReadonlyMap<string, string>,
  memory: SecretVersionMemory,
): Promise<RememberedVersions> {
  const warnings: string[] = [];
  const known = new Map<string, string>();
  const recalledAccounts = new Set<string>();
  const accounts = new Set(candidates.filter((s) => currentIds.has(s.arn)).flatMap((s) => accountOf(s.arn) ?? []));
  for (const accountId of accounts) {
    try {
      for (const [key, createdAt] of await memory.recall(accountId)) known.set(key, createdAt);
      recalledAccounts.add(accountId);
    } catch (e) {
      warnings.push(`secret version dates of account ${accountId} not recalled, read from Secrets Manager instead: ${describeError(e)}`);
    }
  }

  const versions: SecretVersions[] = [];
  const unknown: Secret[] = [];
  for (const s of candidates) {
    const id = currentIds.get(s.arn);
    const createdAt = id === undefined ? undefined : known.get(versionKey(s.arn, id));
    if (id !== undefined && createdAt !== undefined) versions.push({ file: `remembered version ${id} of ${s.name}`, arn: s.arn, currentVersionId: id, currentVersionCreatedAt: createdAt });
    else unknown.push(s);
  }
  const recalled = versions.length;
  const read = await readCurrentVersions(sm, unknown);
  versions.push(...read);

  const toRemember: VersionDate[] = [];
  for (const v of read) {
    const account = accountOf(v.arn);
    if (v.currentVersionId === undefined || v.currentVersionCreatedAt === undefined || account === undefined || !recalledAccounts.has(account)) continue;
    if (!known.has(versionKey(v.arn, v.currentVersionId))) toRemember.push({ secretArn: v.arn, versionId: v.currentVersionId, createdAt: v.currentVersionCreatedAt });
  }
  let remembered = 0;
  try {
    if (toRemember.length > 0) await memory.remember(toRemember);
    remembered = toRemember.length;
  } catch (error) {
    warnings.push(`${toRemember.length} secret version date(s) not all remembered, the next sweep reads those again: ${describeError(error)}`);
  }
  return { versions, warnings, recalled, remembered };
}
