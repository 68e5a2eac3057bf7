import { AccessAnalyzerClient, GetFindingV2Command, ListAnalyzersCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
import { mergeUnusedAccess, unusedAccessFinding } from '../aws-shapes/access-analyzer';
import { UNUSED_ACCESS_TYPES, type UnusedAccessFinding } from '../core/unused-access';

/**
 * Reads the account's active unused-access findings from IAM Access Analyzer: the first ACTIVE
 * analyzer of type ACCOUNT_UNUSED_ACCESS (else ORGANIZATION_UNUSED_ACCESS), ListFindingsV2 filtered
 * on the four unused-access finding types and status ACTIVE, and GetFindingV2 for each
 * UnusedPermission (its services are only in the details). Returns [] when the account has no
 * unused-access analyzer: Tally then relies on the inventory's last-used data alone.
 */
export async function readUnusedAccess(client: AccessAnalyzerClient): Promise<UnusedAccessFinding[]> {
  const analyzerArn = await unusedAccessAnalyzer(client);
  if (!analyzerArn) return [];
  const found: UnusedAccessFinding[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListFindingsV2Command({
        analyzerArn,
        filter: { findingType: { eq: [...UNUSED_ACCESS_TYPES] }, status: { eq: ['ACTIVE'] } },
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    for (const s of page.findings ?? []) {
      const f = unusedAccessFinding(s);
      if (f) found.push(f);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  const detailed: UnusedAccessFinding[] = [];
  for (const f of found) {
    if (f.type !== 'UnusedPermission') continue;
    detailed.push(...(await findingDetails(client, analyzerArn, f.id)));
  }
  return mergeUnusedAccess([...found, ...detailed]);
}

async function unusedAccessAnalyzer(client: AccessAnalyzerClient): Promise<string | undefined> {
  for (const type of ['ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS'] as const) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListAnalyzersCommand({ type, ...(nextToken ? { nextToken } : {}) }));
      const active = (page.analyzers ?? []).find((a) => a.status === 'ACTIVE');
      if (active?.arn) return active.arn;
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return undefined;
}

/** GetFindingV2 pages through `findingDetails` with `nextToken`. */
async function findingDetails(client: AccessAnalyzerClient, analyzerArn: string, id: string): Promise<UnusedAccessFinding[]> {
  const out: UnusedAccessFinding[] = [];
  let nextToken: string | undefined;
  const services = [];
  let base: UnusedAccessFinding | undefined;
  do {
    const page = await client.send(new GetFindingV2Command({ analyzerArn, id, ...(nextToken ? { nextToken } : {}) }));
    const f = unusedAccessFinding(page);
    if (f) {
      base ??= f;
      services.push(...(f.services ?? []));
    }
    nextToken = page.nextToken;
  } while (nextToken);
  if (base) out.push({ ...base, ...(services.length ? { services } : {}) });
  return out;
}
