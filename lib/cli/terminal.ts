/** Where the CLI prints: whether colour is wanted and how wide a line may be. */
export interface Terminal {
  color: boolean;
  /** Columns a table line may use. */
  width: number;
}

/** Width when neither the terminal nor `COLUMNS` says: a classic terminal, also for pipes and files. */
export const DEFAULT_WIDTH = 80;
/** Below this a table cannot hold its columns; narrower terminals get lines this long. */
export const MIN_WIDTH = 60;

/** `FORCE_COLOR` values Node.js reads as "colour on" (`1`, `true`, `2`, `3`, or empty); any other value turns colour off. */
const FORCE_ON = new Set(['', '1', 'true', '2', '3']);

/**
 * Colour for standard output, by the conventions Node.js itself documents: `FORCE_COLOR` set
 * decides (on for `1`, `true`, `2`, `3` or empty; off for `0`, `false` or anything else) and then
 * `NO_COLOR` is ignored; otherwise `NO_COLOR` non-empty (no-color.org) or `TERM=dumb` turns colour
 * off; otherwise colour when standard output is a terminal. `--no-color` beats all of these.
 */
export function colourFromEnv(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return FORCE_ON.has(force.trim().toLowerCase());
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/**
 * Line width for the table: the terminal's own width when standard output is one, else `COLUMNS`
 * (a whole number), else {@link DEFAULT_WIDTH}; never below {@link MIN_WIDTH}.
 */
export function widthFrom(ttyColumns: number | undefined, env: Record<string, string | undefined>): number {
  const fromEnv = /^\d+$/.test(env.COLUMNS?.trim() ?? '') ? Number(env.COLUMNS) : undefined;
  const width = ttyColumns && ttyColumns > 0 ? ttyColumns : (fromEnv || DEFAULT_WIDTH);
  return Math.max(MIN_WIDTH, width);
}

/** The terminal of this process: colour and width from standard output and the environment. */
export function terminalOf(stdout: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): Terminal {
  return { color: colourFromEnv(env, stdout.isTTY === true), width: widthFrom(stdout.isTTY ? stdout.columns : undefined, env) };
}
