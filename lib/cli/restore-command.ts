import type { Command } from 'commander';
import { RestoreRefusedError, restoreRevocation, type RestoreDeps } from '../actions/restore';
import { EXIT, say } from './failure';
import { UsageError } from './usage-error';

/** What `tally restore` needs from its surroundings; tests pass dynalite and mocked IAM. */
export interface RestoreCommandDeps {
  io: { stdout(text: string): void; stderr(text: string): void };
  setExit(code: number): void;
  /** The restore's clients for one audit table (the caller owns the SDK clients). */
  makeDeps(auditTable: string): RestoreDeps;
  /** TALLY_AUDIT_TABLE; without it `--audit-table` is required. */
  defaultTable?: string;
  actor?: string;
}

/**
 * Adds `restore ACTION_ID [--audit-table NAME] [--dry-run]`: re-applies the before-state a revocation
 * saved in the audit table, with the operator's credentials. Exit codes: 0 restored (or, with
 * `--dry-run`, restorable), 2 refused (no such revocation, not a revocation, already restored) or bad
 * usage, 3 the restore failed part-way (audited as `failed`; run it again).
 */
export function registerRestoreCommand(program: Command, deps: RestoreCommandDeps): Command {
  return program
    .command('restore')
    .description('Undo one revocation Tally made: put back the entitlement as it was before (from the audit log).')
    .argument('<actionId>', 'the revocation\'s action id, <runId>/<findingId> (sweep output, "Tally Action Executed" event)')
    .option('--audit-table <name>', deps.defaultTable ? `audit log table (default: ${deps.defaultTable})` : 'audit log table (required)')
    .option('--dry-run', 'say what would be restored; write nothing', false)
    .action(async (actionId: string, opts: { auditTable?: string; dryRun: boolean }) => {
      const table = opts.auditTable ?? deps.defaultTable;
      if (!table) throw new UsageError('restore needs --audit-table (or TALLY_AUDIT_TABLE)');
      try {
        const r = await restoreRevocation(deps.makeDeps(table), { actionId, dryRun: opts.dryRun, ...(deps.actor ? { actor: deps.actor } : {}) });
        const what = `${r.revocation.entitlement} ${r.revocation.target || ''} on ${r.revocation.principalType} ${r.revocation.principalName}`.replace(/\s+/g, ' ');
        say(deps.io.stderr, `${r.dryRun ? 'would restore' : 'restored'} ${what} (revoked ${r.revocation.at}, tickets ${r.revocation.tickets.join(', ')})`);
        for (const c of r.calls) deps.io.stdout(`${r.dryRun ? 'would call' : 'called'} ${c}\n`);
        deps.setExit(EXIT.ok);
      } catch (e) {
        if (!(e instanceof RestoreRefusedError)) throw e;
        say(deps.io.stderr, e.message);
        deps.setExit(EXIT.usage);
      }
    });
}
