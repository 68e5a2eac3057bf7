import { Option, type Command } from 'commander';
import { ApprovalStoreError } from '../approvals/store-errors';
import type { ApprovalList, ApprovalStore, StoredApproval } from '../approvals/approval-store';
import { shortName } from '../core/arn';
import { entitlementTarget } from '../core/approval';
import { terminalSafe } from '../report/terminal-text';
import { loadApprovalsFile } from '../snapshot/approvals-file';
import { say } from './failure';
import { UsageError } from './usage-error';

/** What the approvals commands need from their surroundings; tests pass in-memory versions. */
export interface ApprovalsCommandDeps {
  io: { stdout(text: string): void; stderr(text: string): void };
  /** Builds the store for a table (the caller owns the SDK client and its configuration). */
  makeStore: (tableName: string) => ApprovalStore;
  setExit(code: number): void;
  /** Table used when `--table` is not given (e.g. from configuration); without it `--table` is required. */
  defaultTable?: string;
}

export const LIST_FORMATS = ['table', 'json'] as const;

export interface ImportOptions {
  file: string;
  table?: string;
  dryRun: boolean;
}

export interface ListOptions {
  table?: string;
  principal?: string;
  format: (typeof LIST_FORMATS)[number];
}

/**
 * Adds `approvals import FILE [--table NAME] [--dry-run]` and
 * `approvals list [--table NAME] [--principal ARN] [--format table|json]` to `program`.
 * Exit codes: 0 done, 2 when a record failed to import, an item is invalid, or the table cannot be used.
 */
export function registerApprovalsCommands(program: Command, deps: ApprovalsCommandDeps): Command {
  const approvals = program.command('approvals').description('Import and list approvals in the DynamoDB approvals table.');
  const tableHelp = deps.defaultTable ? `approvals table (default: ${deps.defaultTable})` : 'approvals table (required)';

  approvals
    .command('import')
    .description('Import approvals from a JSON array or CSV file; re-importing the same file changes nothing.')
    .argument('<file>', 'approvals file (JSON array or CSV)')
    .option('--table <name>', tableHelp)
    .option('--dry-run', 'show what would change, write nothing', false)
    .action(async (file: string, opts: { table?: string; dryRun: boolean }) => {
      deps.setExit(await runApprovalsImport({ file, ...opts }, deps));
    });

  approvals
    .command('list')
    .description('List the approvals in the table, or those naming one principal.')
    .option('--table <name>', tableHelp)
    .option('--principal <arn>', 'only approvals naming this principal (user/role/group ARN, secret ARN or name)')
    .addOption(new Option('--format <format>', 'output format').choices(LIST_FORMATS).default('table'))
    .action(async (opts: ListOptions) => {
      deps.setExit(await runApprovalsList(opts, deps));
    });
  return approvals;
}

function storeFor(table: string | undefined, deps: ApprovalsCommandDeps): ApprovalStore {
  const name = table ?? deps.defaultTable;
  if (!name) throw new UsageError('--table is required: name the DynamoDB approvals table');
  return deps.makeStore(name);
}

/** Reports a store failure as one line; the command exits 2. */
async function reportingStoreErrors(deps: ApprovalsCommandDeps, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof ApprovalStoreError)) throw e;
    say(deps.io.stderr, e.message);
    return 2;
  }
}

/** `tally approvals import`: returns the exit code (2 when any record failed). */
export async function runApprovalsImport(opts: ImportOptions, deps: ApprovalsCommandDeps): Promise<number> {
  const store = storeFor(opts.table, deps);
  const approvals = await loadApprovalsFile(opts.file);
  return reportingStoreErrors(deps, async () => {
    const s = await store.importMany(approvals, { dryRun: opts.dryRun });
    const counts = s.dryRun
      ? `would create ${s.created}, would update ${s.updated}, ${s.unchanged} unchanged, ${s.failed.length} failed (dry run: nothing written)`
      : `${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed.length} failed`;
    deps.io.stdout(`${terminalSafe(`${opts.file} → ${store.tableName}`)}: ${approvals.length} record(s): ${counts}\n`);
    for (const f of s.failed) say(deps.io.stderr, `failed: ${f.error.message}`);
    return s.failed.length > 0 ? 2 : 0;
  });
}

/** `tally approvals list`: returns the exit code (2 when an item in the table is invalid). */
export async function runApprovalsList(opts: ListOptions, deps: ApprovalsCommandDeps): Promise<number> {
  const store = storeFor(opts.table, deps);
  return reportingStoreErrors(deps, async () => {
    const list = opts.principal === undefined ? await store.listAll() : await store.byPrincipal(opts.principal);
    const approvals = [...list.approvals].sort((a, b) => (a.approvalKey < b.approvalKey ? -1 : a.approvalKey > b.approvalKey ? 1 : 0));
    if (opts.format === 'json') deps.io.stdout(`${JSON.stringify(asJson({ ...list, approvals }), null, 2)}\n`);
    else if (approvals.length === 0) deps.io.stdout(`${terminalSafe(`no approvals${opts.principal ? ` for ${opts.principal}` : ''} in ${store.tableName}`)}\n`);
    else deps.io.stdout(formatTable(approvals));
    for (const bad of list.invalid) say(deps.io.stderr, `invalid item: ${bad.error.message}`);
    return list.invalid.length > 0 ? 2 : 0;
  });
}

function asJson(list: ApprovalList): unknown {
  return { approvals: list.approvals, invalid: list.invalid.map((i) => ({ approvalKey: i.approvalKey, error: i.error.message })) };
}

const COLUMNS = ['ticketId', 'principal', 'kind', 'target', 'status', 'expiresAt', 'verifiedAt'] as const;

function row({ approval: a, evidence }: StoredApproval): string[] {
  const verified = a.verifiedAt === undefined ? '-' : `${day(a.verifiedAt)}${evidence ? ` ${evidence.outcome}` : ''}`;
  const target = entitlementTarget(a.entitlement);
  return [a.ticketId, shortName(a.principal), a.entitlement.kind, target === '' ? '-' : target, a.status, day(a.expiresAt), verified];
}

function day(iso: string | undefined): string {
  return iso === undefined ? '-' : iso.slice(0, 10);
}

/** Plain aligned columns, two spaces apart (no colour: this is data for people and for grep); control characters shown escaped. */
export function formatTable(approvals: readonly StoredApproval[]): string {
  const rows = [[...COLUMNS], ...approvals.map((a) => row(a).map(terminalSafe))];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')).join('\n') + '\n';
}
