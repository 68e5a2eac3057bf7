import { ListSecretsCommand, ListSecretVersionIdsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Secret } from '../core/inventory';
import { currentVersionIds } from '../aws-shapes/current-version-ids';
import { parseSecretsPage, type SecretsPage } from '../aws-shapes/list-secrets';
import { parseSecretVersions, type SecretVersions } from '../aws-shapes/secret-versions';
import { InventoryReadError } from './inventory-errors';

/** Only `send` is called, so counted or mocked clients fit. */
export type Sm = Pick<SecretsManagerClient, 'send'>;

/** Every page of ListSecrets, and the AWSCURRENT version id of each secret that names one, by ARN. */
export interface ListedSecrets {
  pages: SecretsPage[];
  currentVersionIds: Map<string, string>;
}

/** Every ListSecrets page (MaxResults 100); a NextToken may come with an empty page, so follow it. */
export async function listAllSecrets(sm: Sm, progress: (message: string) => void = () => undefined): Promise<ListedSecrets> {
  const pages: SecretsPage[] = [];
  const versionIds = new Map<string, string>();
  let token: string | undefined;
  do {
    let response;
    try {
      response = await sm.send(new ListSecretsCommand({ MaxResults: 100, NextToken: token }));
    } catch (cause) {
      throw new InventoryReadError('ListSecrets', `page ${pages.length + 1}`, { cause });
    }
    pages.push(parseSecretsPage(response, `ListSecrets page ${pages.length + 1}`));
    for (const [arn, id] of currentVersionIds(response)) if (!versionIds.has(arn)) versionIds.set(arn, id);
    progress(`Secrets Manager: page ${pages.length}, ${pages.reduce((n, p) => n + p.secrets.length, 0)} secrets so far`);
    token = response.NextToken || undefined;
  } while (token);
  return { pages, currentVersionIds: versionIds };
}

/**
 * For a secret rotated outside Secrets Manager (no LastRotatedDate), the age of its value is the
 * creation of the AWSCURRENT version. Read only for `candidates`: secrets that could be findings.
 */
export async function readCurrentVersions(sm: Sm, candidates: readonly Secret[]): Promise<SecretVersions[]> {
  const out: SecretVersions[] = [];
  for (const s of candidates) {
    let token: string | undefined;
    do {
      let response;
      try {
        response = await sm.send(new ListSecretVersionIdsCommand({ SecretId: s.arn, MaxResults: 100, NextToken: token }));
      } catch (cause) {
        throw new InventoryReadError('ListSecretVersionIds', s.arn, { cause });
      }
      const versions = parseSecretVersions({ ...response, ARN: response.ARN ?? s.arn }, `ListSecretVersionIds ${s.name}`);
      out.push(versions);
      token = versions.currentVersionCreatedAt ? undefined : response.NextToken || undefined;
    } while (token);
  }
  return out;
}

/** Secrets whose rotation age could cross `minRotationDays` and that Secrets Manager never rotated. */
export function versionCandidates(secrets: readonly Secret[], now: Date, minRotationDays: number): Secret[] {
  const cutoff = now.getTime() - minRotationDays * 86_400_000;
  return secrets.filter((s) => !s.lastRotatedAt && !s.deletedAt && (s.createdAt === undefined || Date.parse(s.createdAt) < cutoff));
}
