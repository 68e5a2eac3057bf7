import { readSharedConfig } from '../lib/config/env';
import { main } from '../lib/cli/program';

const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t), clock: () => new Date() };
try {
  const config = readSharedConfig();
  process.exitCode = await main(process.argv.slice(2), io, { ...config, noColor: config.noColor || !process.stdout.isTTY });
} catch (e) {
  if (!(e instanceof Error && e.name === 'ConfigError')) throw e;
  io.stderr(`tally: ${e.message}\n`);
  process.exitCode = 2;
}
