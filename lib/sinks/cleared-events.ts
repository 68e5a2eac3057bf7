import { isResourceType, SEVERITIES, type ResourceType, type Severity } from '../core/finding';
import { KEY_RESOURCE_SEGMENT } from '../core/resources';
import { DETAIL_TYPES, SCHEMA_VERSION, type FindingDetail } from './event-schemas';
import type { TallyEvent } from './eventbridge-events';
import type { LedgerEntry } from './ledger-table';

const severityOf = (label: string | undefined): Severity => (SEVERITIES as readonly string[]).includes(label ?? '') ? (label as Severity) : 'INFORMATIONAL';

/**
 * "Tally Finding" with `change: cleared` for findings a complete read no longer found, built from
 * the copy Security Hub was given last (the ledger's): a cleared finding is not in the result.
 */
export function clearedFindingEvents(entries: readonly LedgerEntry[], clearedAt: string): TallyEvent[] {
  return entries.map((e) => {
    const asff = e.asff;
    const fields = asff.ProductFields ?? {};
    const declared = asff.Resources[0]?.Type;
    const type: ResourceType = isResourceType(declared) ? declared : e.resourceId.includes(KEY_RESOURCE_SEGMENT) ? 'AwsIamAccessKey' : 'AwsIamUser';
    const principalArn = e.principalArn ?? fields['tally/principalArn'];
    const detail: FindingDetail = {
      schemaVersion: SCHEMA_VERSION,
      findingId: e.findingId,
      accountId: e.accountId,
      type: e.type,
      severity: severityOf(asff.Severity?.Label),
      title: asff.Title,
      summary: asff.Description,
      resource: { type, id: e.resourceId, name: fields['tally/resourceName'] ?? e.resourceId, ...(principalArn && type === 'AwsIamAccessKey' ? { principalArn } : {}) },
      privileged: fields['tally/privileged'] === 'true',
      exempt: fields['tally/exempt'] === 'true',
      detectedAt: clearedAt,
      change: 'cleared',
    };
    const arn = type === 'AwsIamAccessKey' ? principalArn : e.resourceId;
    return { detailType: DETAIL_TYPES.finding, id: e.findingId, time: clearedAt, resources: arn?.startsWith('arn:') ? [arn] : [], detail };
  });
}
