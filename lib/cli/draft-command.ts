import type { Command } from 'commander';
import { writeDrafts, type DraftWriteSummary } from './draft-writer';
import type { SharedConfig } from '../config/env';
import { draftApprovals, type Drafts } from '../core/draft-approvals';
import type { Finding } from '../core/finding';
import type { Inventory } from '../core/inventory';
import { EventBridgeSink, type PublishReport } from '../sinks/eventbridge';
import { approvalRequestedEvents } from '../sinks/eventbridge-events';
import { runAccountSweep, type SweepReport } from '../sweep/account-sweep';
import { protectionFor } from '../sweep/invalid-approvals';
import type { AwsClients } from './aws-clients';
import { EXIT, say } from './failure';
import { writeOutput } from './outputs';
import { loadPolicy, parseNow, type Io } from './sweep-command';
import { sweepInput } from './sweep-sources';
import { UsageError } from './usage-error';

export interface DraftCommandOptions {
  snapshot?: string;
  approvals?: string;
  table?: string;
  auditTable?: string;
  policy?: string;
  out?: string;
  eventBus?: string;
  dryRun: boolean;
  now?: string;
  region: string;
}

export interface DraftCommandDeps {
  io: Io;
  config: SharedConfig;
  aws: AwsClients;
  setExit(code: number): void;
}

/** Adds `approvals draft` to the `approvals` command. */
export function registerDraftCommand(approvals: Command, deps: DraftCommandDeps): Command {
  const table = deps.config.approvalsTable ? `approvals table (default: ${deps.config.approvalsTable})` : 'approvals table';
  return approvals
    .command('draft')
    .description('Draft an approval for every UNAPPROVED_ENTITLEMENT finding: a JSON approvals file, or (live) draft records in the table.')
    .option('--snapshot <dir>', 'offline: folder of AWS CLI exports, as for `tally sweep --snapshot`')
    .option('--approvals <file>', 'with --snapshot: approvals to reconcile against (added to any found in the folder)')
    .option('--table <name>', `live: read the account and the ${table}, write new drafts to it`)
    .option('--event-bus <name>', 'live: publish a "Tally Approval Requested" event per new draft')
    .option('--audit-table <name>', "live: Tally's audit table: the creators the CloudTrail event path remembered suggest owners where no owner tag does")
    .option('--policy <file>', 'thresholds policy file (JSON; `ownerTag` names the owner tag key)')
    .option('--out <file>', 'write the drafts (JSON approvals file) here instead of standard output')
    .option('--dry-run', 'live: say what would be written and published, write nothing', false)
    .option('--now <iso>', 'evaluate as of this instant (default: the current time)')
    .option('--region <region>', 'AWS region', deps.config.region ?? 'us-east-1')
    .action(async (opts: DraftCommandOptions) => {
      deps.setExit(await runApprovalsDraft(opts, deps));
    });
}

/** The table of a live run, or undefined offline; refuses flag combinations that mean nothing. */
function modeOf(o: DraftCommandOptions, config: SharedConfig): string | undefined {
  if (o.snapshot) {
    if (o.table || o.eventBus || o.dryRun || o.auditTable) throw new UsageError('--table, --event-bus, --audit-table and --dry-run act on a live account: use them without --snapshot');
    return undefined;
  }
  if (o.approvals) throw new UsageError('--approvals goes with --snapshot (a live run reads the approvals table)');
  const table = o.table ?? config.approvalsTable;
  if (!table) throw new UsageError('give --snapshot DIR, or --table NAME (or TALLY_APPROVALS_TABLE) to draft on the live account');
  return table;
}

/** The sweep's report and the inventory it reconciled (read-only: nothing is published or acted on). */
async function sweepForDrafts(o: DraftCommandOptions, table: string | undefined, now: Date, deps: DraftCommandDeps, policy: Awaited<ReturnType<typeof loadPolicy>>) {
  const { io, config, aws } = deps;
  const input = await sweepInput(
    {
      live: table !== undefined,
      ...(o.snapshot ? { snapshot: o.snapshot } : {}),
      ...(o.approvals ? { approvals: o.approvals } : {}),
      ...(table ? { approvalsTable: table } : {}),
      ...(o.auditTable ? { auditTable: o.auditTable } : {}),
      publish: false,
      enforce: false,
      dryRun: false,
      maxDeactivations: 0,
      graceDays: 0,
      breakGlass: [],
      region: o.region,
    },
    { now, policy, config, aws, progress: (m) => say(io.stderr, m), warn: (m) => say(io.stderr, `warning: ${m}`) },
  );
  let inventory: Inventory | undefined;
  const report = await runAccountSweep({
    ...input,
    readInventory: async () => {
      const read = await input.readInventory();
      inventory = read.inventory;
      return read;
    },
  });
  // The creators come from the memory the sweep read (one Query of the account's partition for both).
  const creators = input.memory ? await input.memory.creators(inventory!.accountId, now.toISOString()) : undefined;
  return { report, inventory: inventory!, ...(creators ? { creators } : {}) };
}

/** Findings about principals an unreadable stored approval names are not drafted: that approval may already cover them. */
function draftable(report: SweepReport): { findings: Finding[]; held: number } {
  const { protectAll, protectedPrincipals } = protectionFor(report.invalidApprovals);
  const held = new Set(protectedPrincipals ?? []);
  const all = report.result.findings.filter((f) => f.type === 'UNAPPROVED_ENTITLEMENT');
  const findings = protectAll ? [] : all.filter((f) => !held.has(f.observed?.principal ?? f.resource.principalArn ?? f.resource.id));
  return { findings, held: all.length - findings.length };
}

function reportWrites(io: Io, table: string, s: DraftWriteSummary, events: PublishReport | undefined, bus: string | undefined): void {
  say(
    io.stderr,
    s.dryRun
      ? `approvals table ${table}: would create ${s.created.length}, ${s.existing.length} already there, ${s.failed.length} failed (dry run: nothing written${bus ? ', nothing published' : ''})`
      : `approvals table ${table}: ${s.created.length} created, ${s.existing.length} already there (left as they are), ${s.failed.length} failed`,
  );
  for (const f of s.failed) say(io.stderr, `failed: ${f.error.message}`);
  if (events) {
    say(io.stderr, `EventBridge ${bus}: ${events.sent} sent, ${events.failed.length} failed`);
    for (const f of events.failed) say(io.stderr, `  not sent ${f.detailType} ${f.id}: ${f.errorCode}`);
  }
}

/**
 * `tally approvals draft`: returns the exit code. 0 done; 2 bad usage or input (thrown); 3 a part
 * of the inventory unread (live; for a snapshot, its IAM export cut short) or a draft or event not delivered.
 */
export async function runApprovalsDraft(o: DraftCommandOptions, deps: DraftCommandDeps): Promise<number> {
  const { io, aws } = deps;
  const table = modeOf(o, deps.config);
  const now = parseNow(o.now, io);
  const policy = await loadPolicy(o.policy);
  const { report, inventory, creators } = await sweepForDrafts(o, table, now, deps, policy);
  report.warnings.forEach((w) => say(io.stderr, `warning: ${w}`));
  for (const bad of report.invalidApprovals) say(io.stderr, `invalid approval ${bad.approvalKey}: ${bad.error}`);
  const { findings, held } = draftable(report);
  const drafted: Drafts = draftApprovals(findings, { inventory, now: now.toISOString(), ...(policy.ownerTag ? { ownerTag: policy.ownerTag } : {}), ...(creators ? { creators } : {}) });
  const text = `${JSON.stringify(drafted.drafts, null, 2)}\n`;
  if (o.out) await writeOutput(o.out, text);
  else io.stdout(text);
  const notApprovable = drafted.skipped.length ? `, ${drafted.skipped.length} not approvable` : '';
  const heldBack = held ? `, ${held} held back (an unreadable approval names the principal)` : '';
  say(io.stderr, `drafted ${drafted.drafts.length} approval(s) from ${findings.length + held} UNAPPROVED_ENTITLEMENT finding(s)${notApprovable}${heldBack}${o.out ? `; wrote ${o.out}` : ''}`);

  let undelivered = report.invalidApprovals.length;
  if (table) {
    const written = await writeDrafts(aws.dynamo(), table, drafted.drafts, { dryRun: o.dryRun });
    const events =
      o.eventBus && !o.dryRun && written.created.length
        ? await new EventBridgeSink({ client: aws.events(), eventBusName: o.eventBus }).publish(approvalRequestedEvents(written.created, inventory.accountId, now.toISOString()))
        : undefined;
    reportWrites(io, table, written, events, o.eventBus);
    undelivered += written.failed.length + (events?.failed.length ?? 0);
  }
  const unread = report.result.incomplete.some((part) => table !== undefined || part === 'iam');
  return undelivered || unread ? EXIT.incomplete : EXIT.ok;
}
