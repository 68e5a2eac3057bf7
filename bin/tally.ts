import { main } from '../lib/cli/program';

// The only place the CLI reads the process environment.
const code = await main(
  process.argv.slice(2),
  { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), clock: () => new Date() },
  { region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION, noColor: Boolean(process.env.NO_COLOR) || !process.stdout.isTTY },
);
process.exitCode = code;
