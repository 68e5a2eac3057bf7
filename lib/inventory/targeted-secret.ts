import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Secret } from '../core/inventory';
import { secretSchema } from '../aws-shapes/list-secrets';
import { parseWith } from '../aws-shapes/zod-issues';
import { readCurrentVersions } from './secrets-reader';
import { attemptOrMissing, type Sm } from './targeted-shared';

/**
 * Targeted read of one secret: DescribeSecret (same fields as a ListSecrets entry, mapped by the
 * same schema), plus ListSecretVersionIds for the AWSCURRENT version's creation date when Secrets
 * Manager never rotated it (no LastRotatedDate). Returns undefined when the secret does not exist;
 * a secret scheduled for deletion is returned with `deletedAt`. Calls: 1, or 2+ without LastRotatedDate.
 */
export async function readSecret(sm: Sm, secretId: string): Promise<Secret | undefined> {
  const described = await attemptOrMissing('DescribeSecret', secretId, () => sm.send(new DescribeSecretCommand({ SecretId: secretId })));
  if (!described) return undefined;
  const secret = parseWith(secretSchema, described, `DescribeSecret ${secretId}`);
  if (secret.lastRotatedAt !== undefined) return secret;
  // One entry per page read; the AWSCURRENT version may be on any of them.
  const pages = await readCurrentVersions(sm, [secret]);
  const createdAt = pages.find((p) => p.currentVersionCreatedAt !== undefined)?.currentVersionCreatedAt;
  return createdAt === undefined ? secret : { ...secret, currentVersionCreatedAt: createdAt };
}
