import { describe, expect, it } from 'vitest';
import { colourFromEnv, terminalOf, widthFrom } from '../../lib/cli/terminal';

describe('colourFromEnv', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '3' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0', NO_COLOR: '' }, true, false],
  ] as [Record<string, string>, boolean, boolean][])('decides %j on a %s terminal as colour %s when reading the environment', (env, isTTY, colour) => {
    expect(colourFromEnv(env, isTTY)).toBe(colour);
  });
});

describe('widthFrom', () => {
  it('takes the terminal width first, then COLUMNS, then 80, never below 60 when sizing the table', () => {
    expect(widthFrom(132, { COLUMNS: '100' })).toBe(132);
    expect(widthFrom(undefined, { COLUMNS: '100' })).toBe(100);
    expect(widthFrom(undefined, { COLUMNS: 'wide' })).toBe(80);
    expect(widthFrom(undefined, {})).toBe(80);
    expect(widthFrom(20, {})).toBe(60);
    expect(terminalOf({ isTTY: false, columns: 200 }, {})).toEqual({ color: false, width: 80 });
  });
});
