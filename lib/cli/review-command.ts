import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { applyCampaign, campaignStatus, startCampaign } from '../core/review/campaign';
import { groupByOwner, selectDue } from '../core/review/due';
import { CAMPAIGN_FILE, readCampaign, saveCampaign, writeCampaignFolder } from '../review/campaign-folder';
import { escalationEvent } from '../review/escalation-event';
import { parseReturnedCsv } from '../review/returned-packet';
import { ReviewInputError } from '../review/review-errors';
import { DETAIL_SCHEMAS } from '../sinks/event-schemas';
import type { TallyEvent } from '../sinks/eventbridge-events';
import { loadApprovalsFile } from '../snapshot/approvals-file';
import { loadSnapshotDir } from '../snapshot/load-snapshot';
import { EXIT, say } from './failure';
import { loadPolicy, parseNow, type Io } from './sweep-command';

export interface ReviewCommandDeps {
  io: Io;
  setExit(code: number): void;
}

interface StartOptions {
  snapshot: string;
  approvals?: string;
  policy?: string;
  out: string;
  now?: string;
}

/** Adds `review start|status|decide`: offline review campaigns on a snapshot, state in a campaign folder. */
export function registerReviewCommands(program: Command, deps: ReviewCommandDeps): Command {
  const review = program.command('review').description('Access review campaigns: owners keep or revoke what they approved, with usage evidence.');
  review
    .command('start')
    .description('Select approvals due for review and write a campaign folder: campaign.json and per owner an HTML and a CSV packet.')
    .requiredOption('--snapshot <dir>', 'folder of AWS CLI exports (as for `tally sweep --snapshot`; access-analyzer-findings.json read when present)')
    .option('--approvals <file>', 'approvals as JSON array or CSV (added to any found in the snapshot)')
    .option('--policy <file>', 'policy file (JSON; `review` sets intervals, deadline and escalation)')
    .option('--out <dir>', 'campaign folder to write', 'out/review')
    .option('--now <iso>', 'start as of this instant (default: the current time)')
    .action(async (o: StartOptions) => deps.setExit(await runStart(o, deps.io)));
  review
    .command('status <campaign>')
    .description("Show a campaign's decisions: kept, revoked, undecided, and whether the deadline has passed.")
    .option('--now <iso>', 'as of this instant (default: the current time)')
    .action(async (dir: string, o: { now?: string }) => deps.setExit(await runStatus(dir, o, deps.io)));
  review
    .command('decide <files...>')
    .description('Record returned packet CSVs; write approvals.json with decisions applied (keep: recertifiedAt; revoke: status revoked) and escalate what is undecided past the deadline.')
    .requiredOption('--campaign <dir>', 'the campaign folder (`tally review start --out`)')
    .option('--now <iso>', 'decide as of this instant (default: the current time)')
    .action(async (files: string[], o: { campaign: string; now?: string }) => deps.setExit(await runDecide(files, o, deps.io)));
  return review;
}

async function runStart(o: StartOptions, io: Io): Promise<number> {
  const now = parseNow(o.now, io).toISOString();
  const policy = await loadPolicy(o.policy);
  const snapshot = await loadSnapshotDir(o.snapshot);
  for (const w of snapshot.warnings) say(io.stderr, `warning: ${w}`);
  const approvals = [...snapshot.approvals, ...(o.approvals ? await loadApprovalsFile(o.approvals) : [])];
  const items = selectDue(approvals, snapshot.inventory, policy, now);
  const campaign = startCampaign(items, snapshot.inventory.accountId, policy, now);
  const written = await writeCampaignFolder(o.out, { campaign, approvals });
  const owners = groupByOwner(items).length;
  say(io.stderr, `campaign ${campaign.id}: ${items.length} approval(s) due for ${owners} owner(s), answer by ${campaign.deadline}`);
  io.stdout(`${[join(o.out, CAMPAIGN_FILE), ...written].join('\n')}\n`);
  return EXIT.ok;
}

async function runStatus(dir: string, o: { now?: string }, io: Io): Promise<number> {
  const { campaign } = await readCampaign(dir);
  const s = campaignStatus(campaign, parseNow(o.now, io).toISOString());
  io.stdout(
    `${campaign.id}: ${s.items} approval(s) · kept ${s.kept} · revoked ${s.revoked} · undecided ${s.undecided} · deadline ${campaign.deadline}${s.overdue ? ' (passed)' : ''}\n`,
  );
  return EXIT.ok;
}

async function runDecide(files: string[], o: { campaign: string; now?: string }, io: Io): Promise<number> {
  const now = parseNow(o.now, io).toISOString();
  const state = await readCampaign(o.campaign);
  const { campaign } = state;
  const owners = new Map(campaign.items.map((i) => [i.key, i.owner]));
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((e: Error) => {
      throw new ReviewInputError(file, undefined, e.message);
    });
    Object.assign(campaign.decisions, parseReturnedCsv(text, file, campaign.id, (k) => owners.get(k), now));
  }
  const outcome = applyCampaign(campaign, state.approvals, now);
  const events: TallyEvent[] = outcome.escalations.map((e) => escalationEvent(campaign, e, now));
  for (const e of events) DETAIL_SCHEMAS[e.detailType].parse(e.detail);
  await saveCampaign(o.campaign, state);
  await writeFile(join(o.campaign, 'approvals.json'), `${JSON.stringify(outcome.approvals, null, 2)}\n`);
  if (events.length) await appendEvents(join(o.campaign, 'escalations.json'), events);
  say(
    io.stderr,
    `${campaign.id}: recertified ${outcome.recertified.length} · revoked ${outcome.revoked.length} · undecided ${outcome.undecided.length} · escalated ${events.length}`,
  );
  io.stdout(`${join(o.campaign, 'approvals.json')}\n`);
  return EXIT.ok;
}

async function appendEvents(file: string, events: TallyEvent[]): Promise<void> {
  const prior = await readFile(file, 'utf8').then((t) => JSON.parse(t) as TallyEvent[], () => []);
  await writeFile(file, `${JSON.stringify([...prior, ...events], null, 2)}\n`);
}
