import type { Inventory } from '../core/inventory';
import { applyCredentialReport, keysReadAt, pickCredentialReport, type CredentialReport } from './credential-report';
import { mergeGaadPages, type GaadPage } from './gaad';
import { mergeSecretsPages, type SecretsPage } from './list-secrets';
import { applySecretVersions, type SecretVersions } from './secret-versions';
import { SnapshotError } from './snapshot-error';

/** Everything parsed from a snapshot directory, before it is joined into one inventory. */
export interface SnapshotParts {
  /** The directory, for messages. */
  dir: string;
  gaadPages: GaadPage[];
  /** Oldest modification time of the GAAD files: `readAt` when no report tells the time. */
  gaadModifiedAt?: string;
  /** When a live read started: `readAt` when no report tells the time. */
  readAt?: string;
  reports: CredentialReport[];
  secretsPages: SecretsPage[];
  secretVersions: SecretVersions[];
}

/**
 * Joins parsed exports into one Inventory. GAAD is the authority for which users exist; the
 * credential report only adds keys, passwords and MFA. `readAt` is the report's `GeneratedTime`
 * when a `get-credential-report` JSON is present (the one instant an export states), otherwise the
 * GAAD files' modification time (a warning says so: copies and checkouts move it). Users the report
 * has no row for get their keys marked unread (`keysUnread`), and `keysReadAt` says when the keys
 * were read (see {@link keysReadAt}).
 */
export function assembleInventory(parts: SnapshotParts): { inventory: Inventory; warnings: string[] } {
  if (parts.gaadPages.length === 0) {
    throw new SnapshotError({ file: parts.dir, reason: `no get-account-authorization-details export found in ${parts.dir}` });
  }
  const gaad = mergeGaadPages(parts.gaadPages);
  const picked = pickCredentialReport(parts.reports);
  const joined = picked.report ? applyCredentialReport(gaad.users, picked.report) : { users: gaad.users, keysUnread: [], warnings: [] };
  const listed = mergeSecretsPages(parts.secretsPages);
  const versioned = applySecretVersions(listed.secrets, parts.secretVersions);
  const warnings = [...gaad.warnings, ...picked.warnings, ...joined.warnings, ...listed.warnings, ...versioned.warnings];

  const readAt = picked.report?.generatedAt ?? parts.readAt ?? parts.gaadModifiedAt;
  if (readAt === undefined) throw new SnapshotError({ file: parts.dir, reason: 'cannot tell when the snapshot was read' });
  if (picked.report?.generatedAt === undefined && parts.readAt === undefined) {
    warnings.push(`readAt ${readAt} is the modification time of the IAM export (no credential report GeneratedTime)`);
  }

  const inventory: Inventory = {
    accountId: accountIdOf(parts),
    readAt,
    coverage: { iam: gaad.complete, credentialReport: picked.report !== undefined, secrets: listed.complete },
    users: joined.users,
    roles: gaad.roles,
    groups: gaad.groups,
    policies: gaad.policies,
    secrets: versioned.secrets,
  };
  if (picked.report?.root) inventory.root = picked.report.root;
  const keysAt = picked.report && keysReadAt(picked.report);
  if (keysAt !== undefined) inventory.keysReadAt = keysAt;
  if (joined.keysUnread.length > 0) inventory.keysUnread = joined.keysUnread;
  return { inventory, warnings };
}

/** The one account all ARNs belong to (AWS managed policies, account `aws`, aside). */
function accountIdOf(parts: SnapshotParts): string {
  const seen = new Map<string, string>();
  const note = (arn: string, file: string): void => {
    const account = arn.split(':')[4];
    if (account && account !== 'aws' && !seen.has(account)) seen.set(account, `${arn} in ${file}`);
  };
  for (const page of parts.gaadPages) {
    for (const e of [...page.users, ...page.roles, ...page.groups, ...page.policies]) note(e.arn, page.file);
  }
  for (const report of parts.reports) {
    for (const row of report.rows) note(row.arn, report.file);
    if (report.root) note(report.root.arn, report.file);
  }
  for (const page of parts.secretsPages) for (const s of page.secrets) note(s.arn, page.file);
  for (const v of parts.secretVersions) note(v.arn, v.file);

  const accounts = [...seen.entries()];
  const [first, ...others] = accounts;
  if (!first) throw new SnapshotError({ file: parts.dir, reason: 'cannot tell the account id: no ARN in the exports' });
  if (others.length > 0) {
    const list = accounts.map(([account, where]) => `${account} (${where})`).join(', ');
    throw new SnapshotError({ file: parts.dir, reason: `ARNs from several accounts: ${list}` });
  }
  return first[0];
}
