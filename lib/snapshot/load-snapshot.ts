import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Approval } from '../core/approval';
import type { Inventory } from '../core/inventory';
import { parseApprovals, parseApprovalsJson } from './approvals-file';
import { assembleInventory, type SnapshotParts } from '../aws-shapes/assemble-inventory';
import { parseCredentialReportCsv, parseCredentialReportJson } from '../aws-shapes/credential-report';
import { detectExport, type DetectedExport, type ExportKind } from './detect-export';
import { parseGaadPage } from '../aws-shapes/gaad';
import { parseSecretsPage } from '../aws-shapes/list-secrets';
import { parseSecretVersions } from '../aws-shapes/secret-versions';
import { SnapshotError } from '../aws-shapes/snapshot-error';
import { mergeUnusedAccess, parseAccessAnalyzerFile } from '../aws-shapes/access-analyzer';
import type { UnusedAccessFinding } from '../core/unused-access';

/** A snapshot directory read into domain types. */
export interface LoadedSnapshot {
  inventory: Inventory;
  approvals: Approval[];
  /** Things the reader noticed but did not fail on: skipped files, ignored report rows, fallbacks. */
  warnings: string[];
  /** Every recognised file and what it held, in name order. */
  files: { path: string; kind: ExportKind }[];
}

/**
 * Reads every file in `dir` (not subdirectories, not dotfiles), recognising each by content:
 * `get-account-authorization-details` pages, the credential report (JSON or CSV), `list-secrets`
 * pages, `list-secret-version-ids` exports and approvals files. Names do not matter. Unrecognised
 * files are skipped with a warning; malformed exports throw {@link SnapshotError}. A GAAD export
 * is required.
 */
export async function loadSnapshotDir(dir: string): Promise<LoadedSnapshot> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (err) {
    throw new SnapshotError({ file: dir, reason: `cannot read the snapshot directory (${(err as Error).message})` }, { cause: err });
  }
  const parts: SnapshotParts = { dir, gaadPages: [], reports: [], secretsPages: [], secretVersions: [] };
  const approvals: Approval[] = [];
  const warnings: string[] = [];
  const files: LoadedSnapshot['files'] = [];
  const unused: UnusedAccessFinding[] = [];
  let analyzerRead = false;

  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isDirectory()) {
      warnings.push(`skipped ${path}/: subdirectories are not read`);
      continue;
    }
    if (!info.isFile()) continue;
    const detected = detectExport(await readFile(path, 'utf8'), path);
    if (!detected) {
      warnings.push(`skipped ${path}: not a recognised AWS export`);
      continue;
    }
    files.push({ path, kind: detected.kind });
    if (detected.kind === 'account-authorization-details') {
      const modified = info.mtime.toISOString();
      if (parts.gaadModifiedAt === undefined || modified < parts.gaadModifiedAt) parts.gaadModifiedAt = modified;
    }
    if (detected.kind === 'access-analyzer-findings' && detected.format === 'json') {
      analyzerRead = true;
      unused.push(...parseAccessAnalyzerFile(detected.data, path));
    } else addExport(parts, approvals, detected, path);
  }

  const { inventory: assembled, warnings: joinWarnings } = assembleInventory(parts);
  const inventory = analyzerRead ? { ...assembled, unusedAccess: mergeUnusedAccess(unused) } : assembled;
  return { inventory, approvals, warnings: [...warnings, ...joinWarnings], files };
}

function addExport(parts: SnapshotParts, approvals: Approval[], detected: DetectedExport, path: string): void {
  if (detected.format === 'csv') {
    if (detected.kind === 'credential-report') parts.reports.push(parseCredentialReportCsv(detected.text, path));
    else approvals.push(...parseApprovals(detected.text, path));
    return;
  }
  const { data } = detected;
  switch (detected.kind) {
    case 'account-authorization-details':
      parts.gaadPages.push(parseGaadPage(data, path));
      break;
    case 'credential-report':
      parts.reports.push(parseCredentialReportJson(data, path));
      break;
    case 'list-secrets':
      parts.secretsPages.push(parseSecretsPage(data, path));
      break;
    case 'secret-version-ids':
      parts.secretVersions.push(parseSecretVersions(data, path));
      break;
    case 'approvals':
      approvals.push(...parseApprovalsJson(data, path));
      break;
  }
}
