import { reportFailure } from '../lib/cli/failure';
import { main } from '../lib/cli/program';
import { readSharedConfig } from '../lib/config/env';
import { terminalOf } from '../lib/cli/terminal';

const terminal = terminalOf(process.stdout, process.env);
const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t), clock: () => new Date(), width: terminal.width };
let verbose = process.argv.includes('-v') || process.argv.includes('--verbose');

// Whatever fails outside a command (a stray rejection) still ends as one line and exit 3, never 1.
process.on('uncaughtException', (e) => process.exit(reportFailure(e, io.stderr, verbose)));

try {
  const config = readSharedConfig();
  verbose ||= config.debug === true;
  // Colour by FORCE_COLOR / NO_COLOR / TERM and whether stdout is a terminal (lib/cli/terminal.ts); --no-color beats them.
  process.exitCode = await main(process.argv.slice(2), io, { ...config, noColor: !terminal.color });
} catch (e) {
  process.exitCode = reportFailure(e, io.stderr, verbose);
}
