import { z } from 'zod';
import type { Secret } from '../core/inventory';
import { optionalAwsDate } from './aws-date';
import { defined } from './defined';
import { parseWith } from './zod-issues';

const CURRENT_STAGE = 'AWSCURRENT';

const versionsSchema = z.object({
  ARN: z.string().min(1),
  Name: z.string().optional(),
  Versions: z.array(
    z.object({
      VersionId: z.string().min(1),
      VersionStages: z.array(z.string()).default([]),
      CreatedDate: optionalAwsDate(),
      LastAccessedDate: optionalAwsDate(),
    }),
  ),
});

/** What one `aws secretsmanager list-secret-version-ids` export says about its secret. */
export interface SecretVersions {
  file: string;
  arn: string;
  /** Creation of the version labelled AWSCURRENT, when this export (page) holds it. */
  currentVersionCreatedAt?: string;
  /** The id of that version (with its creation date: a version's CreatedDate never changes). */
  currentVersionId?: string;
}

/** Parses one ListSecretVersionIds export; throws SnapshotError naming the version and field. */
export function parseSecretVersions(data: unknown, file: string): SecretVersions {
  const parsed = parseWith(versionsSchema, data, file);
  const current = parsed.Versions.find((v) => v.VersionStages.includes(CURRENT_STAGE));
  return { file, arn: parsed.ARN, ...defined({ currentVersionCreatedAt: current?.CreatedDate, currentVersionId: current?.VersionId }) };
}

/**
 * Sets `currentVersionCreatedAt` on the listed secrets from the version exports, matched by ARN.
 * Exports for secrets that ListSecrets does not hold are reported and otherwise ignored.
 */
export function applySecretVersions(secrets: readonly Secret[], exports: readonly SecretVersions[]): { secrets: Secret[]; warnings: string[] } {
  const current = new Map<string, string>();
  for (const e of exports) if (e.currentVersionCreatedAt !== undefined) current.set(e.arn, e.currentVersionCreatedAt);
  const known = new Set(secrets.map((s) => s.arn));
  const warnings = exports
    .filter((e) => !known.has(e.arn))
    .map((e) => `${e.file}: versions of ${e.arn} ignored: the secret is not in the list-secrets export`);
  const updated = secrets.map((s) => {
    const createdAt = current.get(s.arn);
    return createdAt === undefined ? s : { ...s, currentVersionCreatedAt: createdAt };
  });
  return { secrets: updated, warnings };
}
