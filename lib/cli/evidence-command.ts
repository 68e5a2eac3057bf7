import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import { ApprovalStore } from '../approvals/approval-store';
import { clientConfig } from '../aws/client-config';
import type { SharedConfig } from '../config/env';
import { writeBundle } from '../evidence/bundle';
import { fsSink } from '../evidence/fs-sink';
import { readHistory, readReviews } from '../evidence/history';
import { EvidenceInputError } from '../evidence/jsonl-folder';
import { liveEvidence } from '../evidence/live-source';
import { offlineEvidence } from '../evidence/offline-source';
import { parsePeriod, PeriodError, type Period } from '../evidence/period';
import type { EvidenceData } from '../evidence/records';
import { generateSigningKey, kmsSigner, kmsVerifier, localSigner, localVerifier, type ManifestSigner, type ManifestVerifier } from '../evidence/signing';
import { verifyBundle } from '../evidence/verify-bundle';
import { runAccountSweep } from '../sweep/account-sweep';
import type { AwsClients } from './aws-clients';
import { EXIT, say } from './failure';
import { loadPolicy, parseNow, type Io } from './sweep-command';
import { sweepInput } from './sweep-sources';
import { UsageError } from './usage-error';

/** Exit code of `evidence verify` when the bundle does not verify (1 stays for findings). */
export const EXIT_NOT_VERIFIED = 5;

export interface EvidenceCommandDeps {
  io: Io;
  setExit(code: number): void;
  config: SharedConfig;
  aws: AwsClients;
}

interface ExportOptions {
  from: string;
  to: string;
  out: string;
  snapshot?: string;
  live: boolean;
  approvals?: string;
  history?: string;
  reviews?: string;
  now?: string;
  policy?: string;
  key?: string;
  kmsKeyId?: string;
  ledgerTable?: string;
  approvalsTable?: string;
  auditTable?: string;
}

/** Earlier bundles or review decisions that cannot be read are the user's to fix: exit 2. */
async function userInput<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof EvidenceInputError || (e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError((e as Error).message);
    throw e;
  }
}

/** The public key file written next to a private key file: `key.pem` → `key.pub.pem`. */
export function publicKeyPath(keyFile: string): string {
  return keyFile.endsWith('.pem') ? `${keyFile.slice(0, -4)}.pub.pem` : `${keyFile}.pub.pem`;
}

const exists = (path: string) => access(path, constants.F_OK).then(() => true, () => false);

/** Writes a new P-256 key pair: the private key readable by its owner only. */
async function keygen(keyFile: string): Promise<string> {
  if (await exists(keyFile)) throw new UsageError(`${keyFile} exists: keygen never replaces a key (bundles it signed verify only with it)`);
  const { privateKeyPem, publicKeyPem } = generateSigningKey();
  await mkdir(dirname(keyFile), { recursive: true });
  await writeFile(keyFile, privateKeyPem, { mode: 0o600 });
  await writeFile(publicKeyPath(keyFile), publicKeyPem);
  return publicKeyPath(keyFile);
}

function kms(config: SharedConfig): KMSClient {
  return new KMSClient(clientConfig({ ...(config.region ? { region: config.region } : {}), ...(config.endpoint ? { endpoint: config.endpoint } : {}) }));
}

async function signer(o: ExportOptions, d: EvidenceCommandDeps): Promise<ManifestSigner> {
  if (Boolean(o.key) === Boolean(o.kmsKeyId)) throw new UsageError('evidence export signs with exactly one of --key FILE (local ECDSA P-256 key) or --kms-key-id ID');
  if (o.kmsKeyId) return kmsSigner(kms(d.config), o.kmsKeyId);
  const file = o.key!;
  if (!(await exists(file))) say(d.io.stderr, `no signing key at ${file}: generated one; verify with --public-key ${await keygen(file)}`);
  return localSigner(await readFile(file, 'utf8'));
}

async function snapshotData(o: ExportOptions, period: Period, d: EvidenceCommandDeps): Promise<EvidenceData> {
  const now = parseNow(o.now, d.io);
  // A snapshot tells what holds when it is swept, not since when: its findings count from `now`.
  if (now.getTime() < Date.parse(period.from) || now.getTime() >= Date.parse(period.to)) {
    say(d.io.stderr, `warning: the snapshot is swept as of ${now.toISOString()}, outside the period: its findings fall outside it (give --now within the period)`);
  }
  const policy = await loadPolicy(o.policy);
  const base = { live: false, publish: false, enforce: false, dryRun: false, maxDeactivations: 10, graceDays: 7, breakGlass: [], region: d.config.region ?? 'us-east-1' };
  const input = await sweepInput(
    { ...base, snapshot: o.snapshot!, ...(o.approvals ? { approvals: o.approvals } : {}) },
    { now, policy, config: d.config, aws: d.aws, progress: (m) => say(d.io.stderr, m), warn: (m) => say(d.io.stderr, `warning: ${m}`) },
  );
  const report = await runAccountSweep(input);
  const approvals = input.approvals.kind === 'records' ? input.approvals.approvals : [];
  return offlineEvidence(
    {
      result: report.result,
      approvals,
      snapshot: o.snapshot!,
      ...(o.history ? { history: await userInput(readHistory(o.history)) } : {}),
      ...(o.reviews ? { reviews: await userInput(readReviews(o.reviews)) } : {}),
    },
    period,
  );
}

async function liveData(o: ExportOptions, period: Period, d: EvidenceCommandDeps): Promise<EvidenceData> {
  const table = (v: string | undefined, flag: string, variable: string) => {
    if (!v) throw new UsageError(`evidence export --live needs ${flag} (or ${variable})`);
    return v;
  };
  const ledgerTable = table(o.ledgerTable ?? d.config.ledgerTable, '--ledger-table', 'TALLY_LEDGER_TABLE');
  const approvalsTable = table(o.approvalsTable ?? d.config.approvalsTable, '--approvals-table', 'TALLY_APPROVALS_TABLE');
  const auditTable = table(o.auditTable ?? d.config.auditTable, '--audit-table', 'TALLY_AUDIT_TABLE');
  return liveEvidence(
    {
      doc: d.aws.dynamo(),
      ledgerTable,
      auditTable,
      approvals: new ApprovalStore(d.aws.dynamo(), approvalsTable),
      ...(o.reviews ? { reviews: await userInput(readReviews(o.reviews)) } : {}),
      warn: (m) => say(d.io.stderr, `warning: ${m}`),
    },
    period,
  );
}

async function runExport(o: ExportOptions, d: EvidenceCommandDeps): Promise<void> {
  if (o.live === Boolean(o.snapshot)) throw new UsageError('evidence export reads exactly one of --snapshot DIR or --live');
  if (o.history && o.live) throw new UsageError('--history goes with --snapshot (a live export reads the ledger\'s history)');
  let period: Period;
  try {
    period = parsePeriod(o.from, o.to);
  } catch (e) {
    if (e instanceof PeriodError) throw new UsageError(`--from/--to: ${e.message}`);
    throw e;
  }
  const sign = await signer(o, d);
  const data = o.live ? await liveData(o, period, d) : await snapshotData(o, period, d);
  const written = await writeBundle(data, period, d.io.clock().toISOString(), sign, fsSink(o.out));
  const m = written.metrics;
  say(d.io.stderr, `evidence: ${m.findings.total} finding(s), ${m.approvals.total} approval(s), ${m.actions.total} action record(s)${m.reviews ? `, ${m.reviews.total} review decision(s)` : ''}; signed by ${sign.info.keyId}`);
  d.io.stdout(`${join(o.out, written.folder)}\n`);
  d.setExit(EXIT.ok);
}

async function verifier(o: { publicKey?: string; kmsKeyId?: string }, d: EvidenceCommandDeps): Promise<ManifestVerifier> {
  if (Boolean(o.publicKey) === Boolean(o.kmsKeyId)) throw new UsageError('evidence verify checks the signature with exactly one of --public-key FILE or --kms-key-id ID');
  if (o.kmsKeyId) return kmsVerifier(kms(d.config), o.kmsKeyId);
  try {
    return localVerifier(await readFile(o.publicKey!, 'utf8'));
  } catch (e) {
    throw new UsageError(`--public-key ${o.publicKey}: ${(e as Error).message}`);
  }
}

/**
 * Adds `evidence keygen`, `evidence export` and `evidence verify`. Exit codes: 0 done (verified),
 * 2 bad usage or input, 3 a read or write failed, {@link EXIT_NOT_VERIFIED} a bundle that does not
 * verify (each file that changed, is missing or was added named on standard error).
 */
export function registerEvidenceCommands(program: Command, d: EvidenceCommandDeps): Command {
  const evidence = program.command('evidence').description('Evidence bundles for auditors: export one period, verify a bundle.');
  evidence
    .command('keygen')
    .description('Create a local ECDSA P-256 signing key (FILE, owner-only) and its public key (FILE.pub.pem).')
    .requiredOption('--key <file>', 'where to write the private key (PEM)')
    .action(async (o: { key: string }) => {
      say(d.io.stderr, `wrote ${o.key}; give auditors ${await keygen(o.key)}`);
      d.setExit(EXIT.ok);
    });
  evidence
    .command('export')
    .description('Write one period\'s bundle: JSON lines of findings, approvals, actions and review decisions, an HTML report, a signed manifest.')
    .requiredOption('--from <date>', 'start of the period (inclusive; a bare date is midnight UTC)')
    .requiredOption('--to <date>', 'end of the period (exclusive)')
    .requiredOption('--out <dir>', 'folder that receives one subfolder per period')
    .option('--snapshot <dir>', 'offline: sweep this folder of AWS CLI exports (as tally sweep --snapshot)')
    .option('--approvals <file>', 'with --snapshot: approvals added to any found there')
    .option('--history <dir>', 'with --snapshot: earlier bundles (their findings, approvals, actions JSON lines) for the trend')
    .option('--now <iso>', 'with --snapshot: evaluate the sweep as of this instant (default: now)')
    .option('--policy <file>', 'with --snapshot: thresholds policy file (JSON)')
    .option('--live', 'read the deployed tables: findings ledger, approvals, audit log', false)
    .option('--ledger-table <name>', 'with --live (default: TALLY_LEDGER_TABLE)')
    .option('--approvals-table <name>', 'with --live (default: TALLY_APPROVALS_TABLE)')
    .option('--audit-table <name>', 'with --live (default: TALLY_AUDIT_TABLE)')
    .option('--reviews <dir>', 'folder of review decisions (.jsonl, one decision per line)')
    .option('--key <file>', 'sign with this local ECDSA P-256 key (created on first use)')
    .option('--kms-key-id <id>', 'sign with this asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY)')
    .action((o: ExportOptions) => runExport(o, d));
  evidence
    .command('verify')
    .description('Prove a bundle folder is as signed: the manifest\'s signature, then every file\'s SHA-256.')
    .argument('<dir>', 'one period\'s bundle folder')
    .option('--public-key <file>', 'the signer\'s public key (PEM), for a locally signed bundle')
    .option('--kms-key-id <id>', 'the KMS key that signed the bundle (KMS Verify)')
    .action(async (dir: string, o: { publicKey?: string; kmsKeyId?: string }) => {
      const result = await verifyBundle(dir, await verifier(o, d));
      for (const p of result.problems) say(d.io.stderr, `${join(dir, p.file)}: ${p.problem}`);
      if (!result.ok) return d.setExit(EXIT_NOT_VERIFIED);
      d.io.stdout(`verified ${dir}: ${result.manifest!.files.length} file(s) as signed by ${result.manifest!.signer.keyId}\n`);
      d.setExit(EXIT.ok);
    });
  return evidence;
}
