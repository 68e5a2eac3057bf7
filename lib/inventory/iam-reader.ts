import { GetAccountAuthorizationDetailsCommand, type IAMClient } from '@aws-sdk/client-iam';
import { parseGaadPage, type GaadPage } from '../aws-shapes/gaad';
import { InventoryReadError } from './inventory-errors';

/**
 * AWS managed policies are left out: there are over a thousand, Tally judges them by name, and
 * leaving them out keeps a sweep at about one call per 1 000 users, roles, groups and local policies.
 */
const FILTER = ['User', 'Role', 'Group', 'LocalManagedPolicy'] as const;

/** Reads every GetAccountAuthorizationDetails page (MaxItems 1000) into domain types. */
export async function readAuthorizationDetails(
  iam: Pick<IAMClient, 'send'>,
  progress: (message: string) => void = () => undefined,
): Promise<GaadPage[]> {
  const pages: GaadPage[] = [];
  let marker: string | undefined;
  do {
    const operation = `GetAccountAuthorizationDetails page ${pages.length + 1}`;
    let response;
    try {
      response = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: [...FILTER], MaxItems: 1000, Marker: marker }));
    } catch (cause) {
      throw new InventoryReadError('GetAccountAuthorizationDetails', `page ${pages.length + 1}`, { cause });
    }
    const page = parseGaadPage(response, operation);
    pages.push(page);
    progress(`IAM: page ${pages.length}, ${pages.reduce((n, p) => n + p.users.length + p.roles.length + p.groups.length, 0)} principals so far`);
    marker = response.IsTruncated ? response.Marker : undefined;
  } while (marker);
  return pages;
}
