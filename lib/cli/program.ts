import { Command, CommanderError, Option } from 'commander';
import { ApprovalStore } from '../approvals/approval-store';
import { isRegionName } from '../aws/region-name';
import type { SharedConfig } from '../config/env';
import { FINDING_TYPES, SEVERITIES } from '../core/finding';
import { REPORT_FORMATS } from '../report';
import { terminalSafe } from '../report/terminal-text';
import { DynamoAuditLog } from '../actions/audit-log';
import { DynamoRevocationLog } from '../actions/revocation-log';
import { registerApprovalsCommands } from './approvals-command';
import { AwsClients } from './aws-clients';
import { registerDraftCommand } from './draft-command';
import { registerEvidenceCommands } from './evidence-command';
import { EXIT, reportFailure } from './failure';
import { registerRestoreCommand } from './restore-command';
import { registerReviewCommands } from './review-command';
import { runSweep, type Io, type SweepOptions } from './sweep-command';
import { ALL_REGIONS } from './sweep-sources';
import { UsageError } from './usage-error';
import pkg from '../../package.json' with { type: 'json' };

function buildProgram(io: Io, env: SharedConfig, setExit: (code: number) => void): Command {
  const aws = new AwsClients(env);
  const program = new Command('tally')
    .description('Reconcile approved access (tickets) with what AWS IAM and Secrets Manager hold.')
    .version(pkg.version, '-V, --version', 'print the version and exit')
    .addOption(new Option('-q, --quiet', 'no progress on stderr (warnings, errors and what a write run did still show)').conflicts('verbose'))
    .option('-v, --verbose', 'on an error, print its stack trace and causes (also: DEBUG set)')
    .exitOverride()
    // One width whatever the terminal, so the README can quote `--help` word for word.
    .configureHelp({ helpWidth: 100 })
    // Commander's messages quote what was typed: shown, never run by the terminal.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`${terminalSafe(text.replace(/\n$/, ''))}\n`) });

  const list = (v: string, acc: string[]) => [...acc, ...v.split(',').map((x) => x.trim()).filter(Boolean)];
  const count = (name: string) => (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name}: expected a whole number, got "${v}"`);
    return n;
  };
  const regionName = (flag: string) => (v: string) => {
    if (!isRegionName(v)) throw new UsageError(`${flag}: "${v}" is not an AWS region name (like us-east-1)`);
    return v;
  };
  const regionList = (v: string, acc: string[] = []) => {
    const names = list(v, acc);
    if (names.includes(ALL_REGIONS) && names.length > 1) throw new UsageError(`--regions: "${ALL_REGIONS}" stands alone (every enabled region); give it, or a list of region names`);
    return names.map((r) => (r === ALL_REGIONS ? r : regionName('--regions')(r)));
  };
  program
    .command('sweep')
    .description('Reconcile one account (exported snapshot, or live and read-only unless told otherwise) against its approvals.')
    .option('--snapshot <dir>', 'folder of AWS CLI exports (GAAD pages, credential report, list-secrets, ...)')
    .option('--live', 'read the account of the current credentials (read-only unless --publish or --enforce)', false)
    .option('--approvals <file>', 'approvals as JSON array or CSV (with --snapshot: added to any found there)')
    .option('--approvals-table <name>', 'with --live: DynamoDB approvals table (default: TALLY_APPROVALS_TABLE)')
    .option('--policy <file>', 'thresholds policy file (JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('--out <file>', 'write the output to a file instead of standard output')
    .option('--emit <format=file>', 'also write FORMAT to FILE (repeatable); with --out-dir, FORMAT alone', (v: string, acc: string[]) => [...acc, v], [])
    .option('--out-dir <dir>', 'write each --emit FORMAT given without a file to DIR/tally-<account>-<YYYYMMDDTHHMMSSZ>.<ext>')
    .addOption(new Option('--severity <severity>', 'show only findings at or above SEVERITY (every output; --fail-on counts only these)').choices([...SEVERITIES, ...SEVERITIES.map((s) => s.toLowerCase())]))
    .option('--type <types>', `show only findings of these types (comma-separated, repeatable; every output): ${FINDING_TYPES.join(', ')}`, list, [])
    .option('--show-reconciled', 'table: list every RECONCILED finding, not only their count', false)
    .option('--now <iso>', 'evaluate as of this instant (default: the current time)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a non-exempt finding is at or above').choices([...SEVERITIES, ...SEVERITIES.map((s) => s.toLowerCase())]))
    .option('--region <region>', 'home region: AWS clients, Security Hub, ASFF (default: AWS_REGION, else us-east-1)', regionName('--region'), env.region ?? 'us-east-1')
    .option('--regions <regions>', 'with --live: read Secrets Manager in these regions (comma-separated; "all": every region enabled for the account; default: --region only); IAM is global', regionList)
    .option('--profile <name>', "with --live: AWS profile (default: AWS_PROFILE, else the SDK's default credential chain)")
    .option('--publish', 'with --live: import to Security Hub, publish to EventBridge, write evidence to approvals', false)
    .option('--ledger-table <name>', 'findings ledger table for --publish (default: TALLY_LEDGER_TABLE)')
    .option('--event-bus <name>', 'EventBridge bus for --publish (default: TALLY_EVENT_BUS; none: no events)')
    .option('--republish', 'with --publish: send every current finding and verified approval again, not only what changed', false)
    .option('--enforce', 'with --live: deactivate stale and unused keys under the safety rails', false)
    .option('--dry-run', 'with --enforce: confirm each key and audit the plan, change nothing in IAM', false)
    .option('--audit-table <name>', 'audit log table for --enforce (default: TALLY_AUDIT_TABLE); without --enforce, where a live sweep remembers secret version dates')
    .option('--max-deactivations <n>', 'with --enforce: more planned than this stops before the first write', count('--max-deactivations'), 10)
    .option('--grace-days <n>', 'with --enforce: days between a finding first seen and any action', count('--grace-days'), 7)
    .option('--revoke', 'with --enforce: also remove what expired or revoked approvals named, under the same rails (--dry-run: audit only)', false)
    .option('--max-revocations <n>', 'with --revoke: most revocations per account per day, counted apart from keys', count('--max-revocations'), 10)
    .option('--break-glass <principals>', 'with --enforce: user ARNs or names never touched (comma-separated, repeatable)', list, [])
    .option('--no-color', 'plain table output')
    .action(async (opts: SweepOptions) => {
      setExit(await runSweep({ ...opts, color: opts.color && !env.noColor, quiet: Boolean(program.opts().quiet) }, io, env, aws));
    });
  const approvals = registerApprovalsCommands(program, {
    io,
    setExit,
    makeStore: (table) => new ApprovalStore(aws.dynamo(), table),
    ...(env.approvalsTable ? { defaultTable: env.approvalsTable } : {}),
  });
  registerDraftCommand(approvals, { io, config: env, aws, setExit });
  registerRestoreCommand(program, {
    io,
    setExit,
    makeDeps: (table) => ({ iam: aws.iam(), audit: new DynamoAuditLog(aws.dynamo(), table), log: new DynamoRevocationLog(aws.dynamo(), table), clock: io.clock }),
    ...(env.auditTable ? { defaultTable: env.auditTable } : {}),
  });
  registerEvidenceCommands(program, { io, setExit, config: env, aws });
  registerReviewCommands(program, { io, setExit });
  return program;
}

/**
 * Parses argv and runs the command; returns the exit code instead of exiting, so tests can call it.
 * Never throws: an error is one line on standard error and exit 2 (usage, input) or 3 (anything
 * else); 1 only ever means findings at or above `--fail-on`.
 */
export async function main(argv: string[], io: Io, env: SharedConfig): Promise<number> {
  let code = EXIT.ok as number;
  const program = buildProgram(io, env, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportFailure(e, io.stderr, Boolean(program.opts().verbose || env.debug));
  }
}
