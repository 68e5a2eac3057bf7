import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Approval } from '../core/approval';
import { groupByOwner } from '../core/review/due';
import type { Campaign } from '../core/review/campaign';
import { packetCsv } from './packet-csv';
import { packetHtml } from './packet-html';
import { ReviewInputError } from './review-errors';

/** The file of a campaign folder that holds its state. */
export const CAMPAIGN_FILE = 'campaign.json';

/** A file name for an owner's packet: letters, digits, `.`, `-`, `_` kept, everything else `_`. */
export function ownerSlug(owner: string): string {
  return owner.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100) || '_';
}

/** The campaign's state as stored: the campaign and the approvals it applies to (as of its start). */
export interface CampaignState {
  campaign: Campaign;
  approvals: Approval[];
}

/**
 * Writes a campaign folder: `campaign.json` (state), and per owner `packets/<owner>.html` and
 * `packets/<owner>.csv`. Returns the packet paths written.
 */
export async function writeCampaignFolder(dir: string, state: CampaignState): Promise<string[]> {
  const packets = join(dir, 'packets');
  await mkdir(packets, { recursive: true });
  const written: string[] = [];
  for (const { owner, items } of groupByOwner(state.campaign.items)) {
    const base = join(packets, ownerSlug(owner));
    await writeFile(`${base}.csv`, packetCsv(state.campaign.id, items));
    await writeFile(`${base}.html`, packetHtml(state.campaign, owner, items, `${ownerSlug(owner)}.csv`));
    written.push(`${base}.html`, `${base}.csv`);
  }
  await saveCampaign(dir, state);
  return written;
}

export async function saveCampaign(dir: string, state: CampaignState): Promise<void> {
  await writeFile(join(dir, CAMPAIGN_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export async function readCampaign(dir: string): Promise<CampaignState> {
  const file = join(dir, CAMPAIGN_FILE);
  let state: CampaignState;
  try {
    state = JSON.parse(await readFile(file, 'utf8')) as CampaignState;
  } catch (e) {
    throw new ReviewInputError(file, undefined, `not a campaign folder (${(e as Error).message})`);
  }
  if (!state?.campaign?.id || !Array.isArray(state.campaign.items) || !Array.isArray(state.approvals)) {
    throw new ReviewInputError(file, undefined, 'not a campaign state (campaign.id, campaign.items, approvals)');
  }
  return state;
}
