import type { Secret } from '../core/inventory';
import type { SecretsPage } from '../aws-shapes/list-secrets';
import type { SecretVersions } from '../aws-shapes/secret-versions';
import { readCurrentVersionsRemembered, type SecretVersionMemory } from './secret-version-memory';
import { listAllSecrets, readCurrentVersions, versionCandidates, type Sm } from './secrets-reader';

/** The Secrets Manager client of one region a sweep reads secrets in. */
export interface RegionalSecrets {
  region: string;
  client: Sm;
}

export interface SecretsReadOptions {
  now: Date;
  minRotationDays: number;
  versionMemory?: SecretVersionMemory;
  progress(message: string): void;
}

/** Secrets of every region that could be read, and the regions that could not (each with a warning). */
export interface SecretsRead {
  pages: SecretsPage[];
  versions: SecretVersions[];
  unreadRegions: string[];
  warnings: string[];
}

/**
 * Lists the secrets of each region with that region's client, and the version dates of its
 * candidates (a secret's versions are read where it lives). A secret's ARN names its region, so the
 * regions' secrets join without collision. A region that cannot be read (opt-in region not enabled,
 * denied by an SCP, unreachable) is reported, never taken as holding no secrets.
 */
export async function readRegionalSecrets(regions: readonly RegionalSecrets[], o: SecretsReadOptions): Promise<SecretsRead> {
  const out: SecretsRead = { pages: [], versions: [], unreadRegions: [], warnings: [] };
  const named = regions.length > 1;
  for (const { region, client } of regions) {
    const where = named ? ` in ${region}` : '';
    try {
      const listed = await listAllSecrets(client, (m) => o.progress(named ? `${m} (${region})` : m));
      const candidates: Secret[] = versionCandidates(listed.pages.flatMap((p) => p.secrets), o.now, o.minRotationDays);
      if (o.versionMemory) {
        const read = await readCurrentVersionsRemembered(client, candidates, listed.currentVersionIds, o.versionMemory);
        o.progress(`Secrets Manager${where}: ${candidates.length} version date(s) needed, ${read.recalled} remembered, ${read.remembered} newly remembered`);
        out.versions.push(...read.versions);
        out.warnings.push(...read.warnings);
      } else {
        out.versions.push(...(await readCurrentVersions(client, candidates)));
      }
      out.pages.push(...(named ? listed.pages.map((p) => ({ ...p, file: `${p.file} (${region})` })) : listed.pages));
    } catch (e) {
      out.unreadRegions.push(region);
      out.warnings.push(`Secrets Manager${where} not read, secret findings and approvals are unverified: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}
