import { Command, CommanderError, Option } from 'commander';
import { ApprovalStore } from '../approvals/approval-store';
import type { SharedConfig } from '../config/env';
import { SEVERITIES } from '../core/finding';
import { REPORT_FORMATS } from '../report';
import { registerApprovalsCommands } from './approvals-command';
import { AwsClients } from './aws-clients';
import { runSweep, type Io, type SweepOptions } from './sweep-command';

/** Errors a user can fix (bad flags, bad input files) exit 2 with one line naming the problem. */
const USER_ERRORS = new Set(['UsageError', 'SnapshotError', 'PolicyError', 'ConfigError']);

function buildProgram(io: Io, env: SharedConfig, setExit: (code: number) => void): Command {
  const aws = new AwsClients(env);
  const program = new Command('tally')
    .description('Reconcile approved access (tickets) with what AWS IAM and Secrets Manager hold.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('sweep')
    .description('Reconcile an exported snapshot of one account against its approvals.')
    .requiredOption('--snapshot <dir>', 'folder of AWS CLI exports (GAAD pages, credential report, list-secrets, ...)')
    .option('--approvals <file>', 'approvals as JSON array or CSV (added to any found in the snapshot)')
    .option('--policy <file>', 'thresholds policy file (JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('--out <file>', 'write the output to a file instead of standard output')
    .option('--emit <format=file>', 'also write FORMAT to FILE (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--now <iso>', 'evaluate as of this instant (default: the current time)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a non-exempt finding is at or above').choices([...SEVERITIES, ...SEVERITIES.map((s) => s.toLowerCase())]))
    .option('--region <region>', 'region for ASFF output', env.region ?? 'us-east-1')
    .option('--no-color', 'plain table output')
    .action(async (opts: Omit<SweepOptions, 'color'> & { color: boolean }) => {
      setExit(await runSweep({ ...opts, color: opts.color && !env.noColor }, io));
    });
  registerApprovalsCommands(program, {
    io,
    setExit,
    makeStore: (table) => new ApprovalStore(aws.dynamo(), table),
    ...(env.approvalsTable ? { defaultTable: env.approvalsTable } : {}),
  });
  return program;
}

/** Parses argv and runs the command; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: Io, env: SharedConfig): Promise<number> {
  let code = 0;
  const program = buildProgram(io, env, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof Error && USER_ERRORS.has(e.name)) {
      io.stderr(`tally: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
