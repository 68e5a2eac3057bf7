import type { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CallCounter, countCalls } from '../aws/call-counter';
import type { WaitClock } from '../aws/wait-clock';
import type { Inventory } from '../core/inventory';
import { assembleInventory, type SnapshotParts } from '../aws-shapes/assemble-inventory';
import { readCredentialReport } from './credential-report-reader';
import { InventoryReadError, UnreadPartError } from './inventory-errors';
import { readAuthorizationDetails } from './iam-reader';
import { readCurrentVersionsRemembered, type SecretVersionMemory } from './secret-version-memory';
import { listAllSecrets, readCurrentVersions, versionCandidates } from './secrets-reader';

export interface LiveClients {
  iam: IAMClient;
  secrets: SecretsManagerClient;
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
 * report, ListSecrets pages, and ListSecretVersionIds only for secrets that could be findings (and,
 * with a version memory, whose AWSCURRENT version's date is not remembered; the memory's own reads
 * and writes are counted where its client is, the run's counter, not in `calls` here).
 * IAM failing fails the read with {@link UnreadPartError}; the credential report or Secrets Manager
 * failing (or the report not ready in time) leaves that part unread (coverage off, a warning), so
 * the engine reports UNVERIFIED rather than "not provisioned".
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
  try {
    const listed = await listAllSecrets(sm, progress);
    const candidates = versionCandidates(listed.pages.flatMap((p) => p.secrets), opts.now, opts.minRotationDays);
    if (opts.versionMemory) {
      const read = await readCurrentVersionsRemembered(sm, candidates, listed.currentVersionIds, opts.versionMemory);
      progress(`Secrets Manager: ${candidates.length} version date(s) needed, ${read.recalled} remembered, ${read.remembered} newly remembered`);
      parts.secretVersions = read.versions;
      warnings.push(...read.warnings);
    } else {
      parts.secretVersions = await readCurrentVersions(sm, candidates);
    }
    parts.secretsPages = listed.pages;
  } catch (e) {
    warnings.push(`Secrets Manager not read, secret findings and approvals are unverified: ${describe(e)}`);
  }

  const assembled = assembleInventory(parts);
  return { inventory: assembled.inventory, warnings: [...warnings, ...assembled.warnings], calls: counter.byAction(), totalCalls: counter.total };
}
