import { terminalSafe } from '../report/terminal-text';
import { TallyError } from '../errors/tally-error';

/** Errors a user can fix (bad flags, bad input files, bad configuration): exit 2. */
const USER_ERRORS = new Set(['UsageError', 'SnapshotError', 'PolicyError', 'ConfigError', 'ReviewInputError']);

/** Tally's own errors whose message already names what failed and why (a read, a store, an account). */
const EXPLAINED = new Set(['InventoryReadError', 'UnreadPartError', 'ApprovalStoreError', 'StaleApprovalError', 'InvalidApprovalError', 'MemberAccessError']);

/** Exit codes of the CLI; 1 is kept for findings at or above `--fail-on` and nothing else; 4 for an enforce run held back. */
export const EXIT = { ok: 0, findings: 1, usage: 2, incomplete: 3, blocked: 4 } as const;

/** One message on standard error as one line, `tally: ` first, control characters made visible. */
export function say(stderr: (text: string) => void, message: string): void {
  stderr(`tally: ${terminalSafe(message)}\n`);
}

function stackOf(e: unknown): string[] {
  const lines: string[] = [];
  for (let cur = e, depth = 0; cur !== undefined && depth < 8; depth += 1) {
    const text = cur instanceof Error ? (cur.stack ?? `${cur.name}: ${cur.message}`) : String(cur);
    lines.push(...text.split('\n').map((l, i) => (i === 0 && depth > 0 ? `caused by: ${l}` : l)));
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return lines;
}

/**
 * Reports an error that stopped a command as one line and returns its exit code: 2 for what the
 * user can fix, 3 for everything else (a part that could not be read, an unexpected failure: the
 * run did not complete). Never 1. With `verbose` (`-v`, `DEBUG`) the stack and causes follow.
 */
export function reportFailure(e: unknown, stderr: (text: string) => void, verbose: boolean): number {
  const name = e instanceof Error ? e.name : '';
  const known = USER_ERRORS.has(name) || EXPLAINED.has(name) || e instanceof TallyError;
  const message = e instanceof Error ? e.message : String(e);
  say(stderr, known ? message : `${name || 'Error'}: ${message}${verbose ? '' : ' (run with --verbose for details)'}`);
  if (verbose) for (const l of stackOf(e)) stderr(`${terminalSafe(l)}\n`);
  return USER_ERRORS.has(name) ? EXIT.usage : EXIT.incomplete;
}
