import { reportFailure } from '../lib/cli/failure';
import { main } from '../lib/cli/program';
import { readSharedConfig } from '../lib/config/env';

const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t), clock: () => new Date() };
let verbose = process.argv.includes('-v') || process.argv.includes('--verbose');

// Whatever fails outside a command (a stray rejection) still ends as one line and exit 3, never 1.
process.on('uncaughtException', (e) => process.exit(reportFailure(e, io.stderr, verbose)));

try {
  const config = readSharedConfig();
  verbose ||= config.debug === true;
  process.exitCode = await main(process.argv.slice(2), io, { ...config, noColor: config.noColor || !process.stdout.isTTY });
} catch (e) {
  process.exitCode = reportFailure(e, io.stderr, verbose);
}
