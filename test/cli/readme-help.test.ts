import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/program';

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

/** README blocks that quote help output: a fenced block whose first line is `$ tally … --help`. */
const quoted = [...README.matchAll(/```[a-z]*\n\$ (tally [^\n]*--help)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, lines: m[2]!.split('\n') }));

async function help(command: string): Promise<string> {
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: () => undefined, clock: () => new Date() };
  await main(command.split(' ').slice(1), io, { noColor: true });
  return stdout;
}

describe('README CLI section', () => {
  it.skipIf(quoted.length === 0).each(quoted)('quotes `$command` word for word when the README shows its help', async ({ command, lines }) => {
    const out = (await help(command)).split('\n').map((l) => l.trimEnd());
    for (const line of lines.map((l) => l.trimEnd()).filter((l) => l !== '' && l !== '...')) expect(out).toContain(line);
  });

  it('prints help that fits 100 columns whatever the terminal when asked for sweep --help', async () => {
    const out = await help('tally sweep --help');
    expect(out).toContain('--show-reconciled');
    expect(out.split('\n').filter((l) => l.length > 100)).toEqual([]);
  });
});
