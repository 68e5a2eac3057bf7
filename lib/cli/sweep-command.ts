import { readFile } from 'node:fs/promises';
import type { SharedConfig } from '../config/env';
import { FINDING_TYPES, isEvidence, SEVERITIES, severityRank, type FindingType, type Severity } from '../core/finding';
import { parsePolicy, type Policy } from '../core/policy';
import { parseInstant } from '../core/time';
import type { ReconcileResult } from '../core/result';
import { describeBlocked } from '../actions/blocked';
import { revocationActionId } from '../actions/revocation-record';
import { runAccountSweep, type SweepReport } from '../sweep/account-sweep';
import type { AwsClients } from './aws-clients';
import { EXIT, say } from './failure';
import { filterResult } from '../report/filter';
import { outDirFile, parseEmit, parseFormat, renderOutput, writeOutput, type OutputTarget } from './outputs';
import { sweepInput, type SourceOptions } from './sweep-sources';
import { UsageError } from './usage-error';

export interface SweepOptions extends SourceOptions {
  policy?: string;
  format: string;
  out?: string;
  emit: string[];
  now?: string;
  failOn?: string;
  color: boolean;
  /** Minimum severity of the findings shown, in every output. */
  severity?: string;
  /** Finding types shown, in every output (empty: all). */
  type?: string[];
  showReconciled?: boolean;
  outDir?: string;
  /** No progress on standard error (warnings, errors and what a write run did still show). */
  quiet?: boolean;
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  clock(): Date;
  /** Columns of standard output (the table fits them). @default 80 */
  width?: number;
}

export async function loadPolicy(file: string | undefined): Promise<Policy> {
  if (!file) return parsePolicy({});
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--policy ${file}: ${(e as Error).message}`);
  }
  try {
    return parsePolicy(raw);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

/** `--now` by the one date rule: no zone means UTC, as for every date Tally reads. */
export function parseNow(value: string | undefined, io: Io): Date {
  if (value === undefined) return io.clock();
  const ms = parseInstant(value, { dateOnly: true });
  if (ms === undefined) throw new UsageError(`--now: not an ISO 8601 instant (${JSON.stringify(value)}); without a zone it is UTC`);
  return new Date(ms);
}

function parseSeverity(flag: string, value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const s = value.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`${flag}: unknown severity "${value}" (one of ${SEVERITIES.join(', ')})`);
  return s as Severity;
}

function parseTypes(values: string[] | undefined): FindingType[] {
  return (values ?? []).map((v) => {
    const t = v.toUpperCase();
    if (!(FINDING_TYPES as readonly string[]).includes(t)) throw new UsageError(`--type: unknown finding type "${v}" (one of ${FINDING_TYPES.join(', ')})`);
    return t as FindingType;
  });
}

/** Findings that fail the run: not evidence of a match, not exempt, at or above the threshold. */
export function failing(result: ReconcileResult, threshold: Severity | undefined): number {
  if (!threshold) return 0;
  return result.findings.filter((f) => !isEvidence(f.type) && !f.exempt && severityRank(f.severity) >= severityRank(threshold)).length;
}

/** What a live run cost: every AWS call by operation, and the time of each phase. */
function reportRun(r: SweepReport, io: Io): void {
  const ms = (n: number) => `${Math.round(n)} ms`;
  say(io.stderr, `AWS calls: ${r.totalCalls} (${Object.entries(r.calls).map(([op, n]) => `${op} ${n}`).join(', ')})`);
  const p = r.phases;
  say(io.stderr, `phases: read ${ms(p.readMs)}, reconcile ${ms(p.reconcileMs)}, publish ${ms(p.publishMs)}, act ${ms(p.actMs)}`);
}

/** One line per write the sweep made, and every item it could not deliver. Returns how many failed. */
function reportWrites(r: SweepReport, io: Io): number {
  const lines: string[] = [];
  let failed = r.invalidApprovals.length;
  for (const bad of r.invalidApprovals) lines.push(`invalid approval ${bad.approvalKey}: ${bad.error}`);
  if (r.securityHub) {
    const s = r.securityHub;
    lines.push(`Security Hub: ${s.imported} imported, ${s.archived} archived, ${s.closed} closed by Tally's deactivations, ${s.unchanged} unchanged, ${s.held} held, ${s.withheld.length} withheld, ${s.failed.length} failed`);
    for (const f of s.failed) lines.push(`  not imported ${f.id}: ${f.errorCode} ${f.errorMessage}`);
    failed += s.failed.length;
  }
  if (r.keyExpiry) {
    const k = r.keyExpiry;
    lines.push(`key expiry (${k.mode}): ${k.deactivated} deactivated${k.blockedByCap ? ', stopped by the cap before any write' : ''}`);
    for (const o of k.outcomes) lines.push(`  ${o.decision} ${o.userName} key ${o.accessKeyId ?? o.accessKeySlot}: ${o.reason}`);
    failed += k.outcomes.filter((o) => o.decision === 'failed').length;
  }
  if (r.revocation) {
    const v = r.revocation;
    lines.push(`revocation (${v.mode}): ${v.revoked} revoked${v.blockedByCap ? ', stopped by the cap' : ''}`);
    for (const o of v.outcomes) lines.push(`  ${o.decision} ${o.entitlement} ${o.target ? `${o.target} ` : ''}on ${o.principalType} ${o.principalName} (action ${revocationActionId(o)}): ${o.reason}`);
    failed += v.outcomes.filter((o) => o.decision === 'failed').length;
  }
  if (r.events) {
    lines.push(`EventBridge: ${r.events.sent} sent, ${r.events.failed.length} failed`);
    for (const f of r.events.failed) lines.push(`  not sent ${f.detailType} ${f.id}: ${f.errorCode}`);
    failed += r.events.failed.length;
  }
  if (r.evidence) {
    const e = r.evidence;
    lines.push(`evidence: ${e.written} written, ${e.unchanged} unchanged, ${e.stale.length} changed meanwhile, ${e.failed.length} failed`);
    failed += e.failed.length;
  }
  for (const l of lines) say(io.stderr, l);
  return failed;
}

/** How many planned deactivations an enforce run was held back from, said on stderr with why. */
function reportBlocked(r: SweepReport, io: Io): number {
  const blocked = r.keyExpiry?.blocked;
  if (blocked?.count) say(io.stderr, `key expiry: ${describeBlocked(blocked)}`);
  const revocations = r.revocation?.blocked;
  if (revocations?.count) say(io.stderr, `revocation: ${describeBlocked(revocations, 'revocation')}`);
  return (blocked?.count ?? 0) + (revocations?.count ?? 0);
}

/**
 * Runs one sweep. Exit codes: 0 done, 1 findings at or above --fail-on, 2 bad usage or input
 * (thrown), 3 done but incomplete: a part of the inventory unread (for a snapshot: its IAM export cut
 * short), or a result not delivered; 4 an enforce run held back from deactivations it had planned
 * (the cap, the kill switch, another run holding the account or the key), count and reason on
 * stderr. When several apply: 2, then 3, then 4, then 1 — what the run itself could not do before
 * what it found. `--severity` and `--type` narrow every output and what `--fail-on` counts.
 */
export async function runSweep(opts: SweepOptions, io: Io, config: SharedConfig, aws: AwsClients): Promise<number> {
  const targets: OutputTarget[] = [{ format: parseFormat(opts.format), ...(opts.out ? { file: opts.out } : {}) }, ...opts.emit.map((e) => parseEmit(e, opts.outDir))];
  const now = parseNow(opts.now, io);
  const failOn = parseSeverity('--fail-on', opts.failOn);
  const filter = { minSeverity: parseSeverity('--severity', opts.severity), types: parseTypes(opts.type) };
  const policy = await loadPolicy(opts.policy);
  const progress = (m: string) => (opts.quiet ? undefined : say(io.stderr, m));
  const warn = (m: string) => say(io.stderr, `warning: ${m}`);

  const input = await sweepInput(opts, { now, policy, config, aws, progress, warn });
  const report = await runAccountSweep(input);
  report.warnings.forEach(warn);
  const result = filterResult(report.result, filter);
  progress(`reconciled ${result.summary.principals} principal(s), ${result.summary.secrets} secret(s) in ${Math.round(report.phases.reconcileMs)} ms`);
  if (opts.live && !opts.quiet) reportRun(report, io);
  const undelivered = reportWrites(report, io);
  const blocked = reportBlocked(report, io);

  const run = opts.live ? { calls: report.calls, totalCalls: report.totalCalls, phases: report.phases } : undefined;
  const ctx = { region: opts.region, color: opts.color, showReconciled: opts.showReconciled ?? false, ...(io.width ? { width: io.width } : {}) };
  for (const t of targets) {
    const text = renderOutput(t.format, result, t.file || t.outDir ? { ...ctx, color: false } : ctx, run);
    const file = t.file ?? (t.outDir ? outDirFile(t.outDir, t.format, result.accountId, result.evaluatedAt) : undefined);
    if (file) {
      await writeOutput(file, text);
      progress(`wrote ${t.format} to ${file}`);
    } else {
      io.stdout(text);
    }
  }
  const failed = failing(result, failOn);
  if (failed) progress(`${failed} finding(s) at or above ${failOn}`);
  // A snapshot may leave out the report or secrets by choice, never IAM: its GAAD export is required.
  const unread = report.result.incomplete.some((part) => opts.live || part === 'iam');
  if (undelivered || unread) return EXIT.incomplete;
  if (blocked) return EXIT.blocked;
  return failed ? EXIT.findings : EXIT.ok;
}
