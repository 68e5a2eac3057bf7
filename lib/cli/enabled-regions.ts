import { ListRegionsCommand, type AccountClient, type ListRegionsCommandOutput, type RegionOptStatus } from '@aws-sdk/client-account';
import { describeError } from '../errors/describe-error';
import { TallyError } from '../errors/tally-error';

/**
 * The opt-in statuses of a region whose services answer. ENABLING and DISABLING are left out: a
 * region part-way through either is not reliably callable yet (or any more).
 */
export const ENABLED_STATUSES: readonly RegionOptStatus[] = ['ENABLED', 'ENABLED_BY_DEFAULT'];

/** The IAM action {@link enabledRegions} needs. */
export const LIST_REGIONS_ACTION = 'account:ListRegions';

/** ListRegions failed; `denied` when the caller lacks {@link LIST_REGIONS_ACTION} (or an SCP denies it). */
export class RegionListError extends TallyError {
  override readonly name = 'RegionListError';
  constructor(
    readonly denied: boolean,
    cause: unknown,
  ) {
    super(`cannot list the account's enabled regions: ListRegions failed: ${describeError(cause)}`, { action: LIST_REGIONS_ACTION }, { cause });
  }
}

/** The part of an Account Management client this module sends to (a mock, or a counted client). */
export type ListRegionsClient = Pick<AccountClient, 'send'>;

/**
 * Every region enabled for the caller's account (ENABLED, or ENABLED_BY_DEFAULT), sorted: the
 * Account Management API's ListRegions, every page. Statuses are checked again on the answer, so
 * a region part-way through opting in or out is never returned whatever the filter did.
 * @throws {RegionListError} when a page cannot be read, or no region is enabled.
 */
export async function enabledRegions(client: ListRegionsClient): Promise<string[]> {
  const regions = new Set<string>();
  let token: string | undefined;
  do {
    let page: ListRegionsCommandOutput;
    try {
      page = await client.send(new ListRegionsCommand({ RegionOptStatusContains: [...ENABLED_STATUSES], MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
    } catch (e) {
      throw new RegionListError(e instanceof Error && (e.name === 'AccessDeniedException' || e.name === 'AccessDenied'), e);
    }
    for (const r of page.Regions ?? []) if (r.RegionName && r.RegionOptStatus && ENABLED_STATUSES.includes(r.RegionOptStatus)) regions.add(r.RegionName);
    token = page.NextToken;
  } while (token);
  // Every account has its default regions: none means the answer cannot be trusted, not "read nowhere".
  if (regions.size === 0) throw new RegionListError(false, new Error('ListRegions named no enabled region'));
  return [...regions].sort();
}
