import type { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CallCounter, countCalls } from '../aws/call-counter';
import type { WaitClock } from '../aws/wait-clock';
import type { Inventory } from '../core/inventory';
import { assembleInventory, type SnapshotParts } from '../aws-shapes/assemble-inventory';
import { readCredentialReport } from './credential-report-reader';
import { InventoryReadError, UnreadPartError } from './inventory-errors';
import { readAuthorizationDetails } from './iam-reader';
import { readRegionalSecrets, type RegionalSecrets } from './regional-secrets';
import type { SecretVersionMemory } from './secret-version-memory';

export interface LiveClients {
  iam: IAMClient;
  /** Secrets Manager in the home region: the one read when `secretRegions` is absent. */
  secrets: SecretsManagerClient;
  /** Secrets Manager of every region to read secrets in (IAM is global); absent: `secrets` alone. */
  secretRegions?: readonly RegionalSecrets[];
}

export interface LiveReadOptions {
  /** The instant the sweep judges at (fixed for the run, e.g. by `--now`); never used to measure waits. */
  now: Date;
  /** Measures and spends waits (credential report generation). */
  wait: WaitClock;
  /** Longest wait for a new credential report before it is left unread. @default 120 000 */
  reportMaxWaitMs?: number;
  /** The smallest rotation limit in force: secrets younger than this need no version read. */
  minRotationDays: number;
  /**
   * AWSCURRENT version dates kept between sweeps (only a sweep with an audit table has one): then
   * ListSecretVersionIds is called only for candidates whose current version is not remembered.
   */
  versionMemory?: SecretVersionMemory;
  progress?(message: string): void;
}

export interface LiveInventory {
  inventory: Inventory;
  warnings: string[];
  /** API calls made, by IAM action name (`iam:GetAccountAuthorizationDetails`). */
  calls: Record<string, number>;
  totalCalls: number;
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Reads one account with the fewest calls: GetAccountAuthorizationDetails pages, the credential
 * report, ListSecrets pages (in each of `secretRegions`), and ListSecretVersionIds only for secrets that could be findings (and,
 * with a version memory, whose AWSCURRENT version's date is not remembered; the memory's own reads
 * and writes are counted where its client is, the run's counter, not in `calls` here).
 * IAM failing fails the read with {@link UnreadPartError}; the credential report or Secrets Manager
 * failing in any region (or the report not ready in time) leaves that part unread (coverage off, a
 * warning naming the region), so the engine reports UNVERIFIED rather than "not provisioned".
 */
export async function readLiveInventory(clients: LiveClients, opts: LiveReadOptions): Promise<LiveInventory> {
  const counter = new CallCounter();
  const iam = countCalls(clients.iam, counter);
  const sm = countCalls(clients.secrets, counter);
  const progress = opts.progress ?? (() => undefined);
  const warnings: string[] = [];
  const parts: SnapshotParts = { dir: 'live account', gaadPages: [], reports: [], secretsPages: [], secretVersions: [], readAt: opts.now.toISOString() };

  try {
    parts.gaadPages = await readAuthorizationDetails(iam, progress);
  } catch (e) {
    throw e instanceof InventoryReadError ? new UnreadPartError('IAM', e) : e;
  }
  try {
    const wait = { now: opts.now, wait: opts.wait, progress, ...(opts.reportMaxWaitMs !== undefined ? { maxWaitMs: opts.reportMaxWaitMs } : {}) };
    parts.reports.push(await readCredentialReport(iam, wait));
  } catch (e) {
    warnings.push(`credential report not read, key findings and access-key approvals are unverified: ${describe(e)}`);
  }
  const regions = clients.secretRegions?.map((r) => ({ region: r.region, client: countCalls(r.client, counter) })) ?? [{ region: 'home', client: sm }];
  const secrets = await readRegionalSecrets(regions, { now: opts.now, minRotationDays: opts.minRotationDays, progress, ...(opts.versionMemory ? { versionMemory: opts.versionMemory } : {}) });
  parts.secretsPages = secrets.pages;
  parts.secretVersions = secrets.versions;
  warnings.push(...secrets.warnings);

  const assembled = assembleInventory(parts);
  // One unread region leaves every secret approval unverified: coverage is per part, not per region.
  if (secrets.unreadRegions.length > 0) assembled.inventory.coverage.secrets = false;
  return { inventory: assembled.inventory, warnings: [...warnings, ...assembled.warnings], calls: counter.byAction(), totalCalls: counter.total };
}
