import { randomUUID } from 'node:crypto';
import { ApprovalStore } from '../approvals/approval-store';
import type { SharedConfig } from '../config/env';
import type { Approval } from '../core/approval';
import type { Policy } from '../core/policy';
import { loadApprovalsFile } from '../snapshot/approvals-file';
import { loadSnapshotDir } from '../snapshot/load-snapshot';
import type { ApprovalSource, SweepInput } from '../sweep/account-sweep';
import { liveSweepInput } from '../sweep/live-sweep';
import type { AwsClients } from './aws-clients';
import { enabledRegions, LIST_REGIONS_ACTION, RegionListError } from './enabled-regions';
import { UsageError } from './usage-error';

/** The options of `tally sweep` that decide what is read and what may be written. */
export interface SourceOptions {
  snapshot?: string;
  live: boolean;
  approvals?: string;
  approvalsTable?: string;
  publish: boolean;
  republish?: boolean;
  ledgerTable?: string;
  eventBus?: string;
  enforce: boolean;
  dryRun: boolean;
  auditTable?: string;
  maxDeactivations: number;
  graceDays: number;
  breakGlass: string[];
  /** With --enforce: revoke what ended approvals named (report mode with --dry-run). */
  revoke?: boolean;
  maxRevocations?: number;
  /** Home region: clients, Security Hub and ASFF (`--region`). */
  region: string;
  /** `--profile`: a named profile; absent: the SDK's default credential chain. */
  profile?: string;
  /** `--regions`: where Secrets Manager is read ({@link ALL_REGIONS} alone: every enabled region); absent: `region` alone. */
  regions?: string[];
}

/** `--regions all`: every region enabled for the account, from Account Management's ListRegions. */
export const ALL_REGIONS = 'all';

interface Context {
  now: Date;
  policy: Policy;
  config: SharedConfig;
  aws: AwsClients;
  progress(message: string): void;
  warn(message: string): void;
}

function need(value: string | undefined, flag: string, variable: string, why: string): string {
  if (!value) throw new UsageError(`${why} needs ${flag} (or ${variable})`);
  return value;
}

async function snapshotInput(dir: string, o: SourceOptions, c: Context): Promise<SweepInput> {
  if (o.publish || o.enforce) throw new UsageError('--publish and --enforce act on a live account: use them with --live, not --snapshot');
  const snapshot = await loadSnapshotDir(dir);
  snapshot.warnings.forEach(c.warn);
  const extra = o.approvals ? await loadApprovalsFile(o.approvals) : [];
  c.progress(`read ${snapshot.files.length} export file(s) and ${snapshot.approvals.length + extra.length} approval(s) from ${dir}`);
  return {
    runId: randomUUID(),
    now: c.now,
    policy: c.policy,
    approvals: { kind: 'records', approvals: [...snapshot.approvals, ...extra] },
    readInventory: async () => ({ inventory: snapshot.inventory, warnings: [], calls: {}, totalCalls: 0 }),
  };
}

async function liveApprovals(o: SourceOptions, c: Context): Promise<ApprovalSource> {
  if (o.approvals) {
    const approvals: Approval[] = await loadApprovalsFile(o.approvals);
    return { kind: 'records', approvals };
  }
  const table = need(o.approvalsTable ?? c.config.approvalsTable, '--approvals FILE or --approvals-table', 'TALLY_APPROVALS_TABLE', 'a live sweep');
  return { kind: 'store', store: new ApprovalStore(c.aws.dynamo(), table) };
}

/** The regions of `--regions`, with `all` read from the account; undefined: the home region alone. */
async function secretRegions(o: SourceOptions, c: Context): Promise<string[] | undefined> {
  if (!o.regions?.length) return undefined;
  if (!o.regions.includes(ALL_REGIONS)) return [...new Set(o.regions)];
  try {
    const regions = await enabledRegions(c.aws.account());
    c.progress(`Secrets Manager: ${regions.length} enabled region(s): ${regions.join(', ')}`);
    return regions;
  } catch (e) {
    if (e instanceof RegionListError && e.denied) {
      throw new UsageError(`--regions all needs ${LIST_REGIONS_ACTION}, which these credentials lack: grant it, or name the regions (--regions us-east-1,eu-west-1)`, { cause: e });
    }
    throw e;
  }
}

async function liveInput(o: SourceOptions, c: Context): Promise<SweepInput> {
  const ledgerTable = o.publish ? need(o.ledgerTable ?? c.config.ledgerTable, '--ledger-table', 'TALLY_LEDGER_TABLE', '--publish') : undefined;
  const eventBus = o.publish ? (o.eventBus ?? c.config.eventBus) : undefined;
  const auditTable = o.enforce ? need(o.auditTable ?? c.config.auditTable, '--audit-table', 'TALLY_AUDIT_TABLE', '--enforce') : undefined;
  // Without --enforce, an audit table given on the command line only remembers secret version dates.
  const memoryTable = o.enforce ? undefined : o.auditTable;
  c.aws.use({ region: o.region, ...(o.profile ? { profile: o.profile } : {}) });
  const regions = await secretRegions(o, c);
  const approvals = await liveApprovals(o, c);
  const runId = randomUUID();
  return liveSweepInput(
    { iam: c.aws.iam(), secrets: c.aws.secrets(), secretsIn: c.aws.secretsIn, sts: c.aws.sts(), securityHub: c.aws.securityHub(), events: c.aws.events(), dynamo: c.aws.dynamo() },
    {
      runId,
      now: c.now,
      policy: c.policy,
      region: o.region,
      ...(regions ? { secretRegions: regions } : {}),
      approvals,
      ...(ledgerTable ? { securityHub: { ledgerTable } } : {}),
      ...(eventBus ? { eventBus } : {}),
      evidence: o.publish,
      ...(o.republish ? { republish: true } : {}),
      ...(memoryTable ? { auditTable: memoryTable } : {}),
      ...(auditTable
        ? {
            keyExpiry: {
              mode: o.dryRun ? ('report' as const) : ('enforce' as const),
              auditTable,
              maxActions: o.maxDeactivations,
              graceDays: o.graceDays,
              breakGlass: o.breakGlass,
              paused: () => false,
              actor: `tally-cli:${runId}`,
              ...(o.dryRun ? { everyRun: true } : {}),
            },
          }
        : {}),
      ...(auditTable && o.revoke ? { revocation: { mode: o.dryRun ? ('report' as const) : ('enforce' as const), maxRevocations: o.maxRevocations ?? 10 } } : {}),
      progress: c.progress,
      calls: c.aws.calls,
    },
  );
}

/** What `tally sweep` reads and may write, from its flags: a snapshot folder, or the live account. */
export async function sweepInput(o: SourceOptions, c: Context): Promise<SweepInput> {
  if (o.live === Boolean(o.snapshot)) throw new UsageError('give exactly one of --snapshot DIR or --live');
  if (o.dryRun && !o.enforce) throw new UsageError('--dry-run goes with --enforce (a sweep without --enforce changes nothing anyway)');
  if (o.republish && !o.publish) throw new UsageError('--republish goes with --publish');
  if (o.revoke && !o.enforce) throw new UsageError('--revoke goes with --enforce (add --dry-run to audit without writing)');
  if (o.snapshot && (o.profile || o.regions?.length)) throw new UsageError('--profile and --regions read a live account: use them with --live');
  return o.snapshot ? snapshotInput(o.snapshot, o, c) : liveInput(o, c);
}
