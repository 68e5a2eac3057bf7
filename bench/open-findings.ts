import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Finding } from '../lib/core/finding';
import { findingId } from '../lib/core/finding-id';
import { toAsff } from '../lib/sinks/asff';
import { importedEntry } from '../lib/sinks/findings-ledger';
import { fingerprint, toLedgerItem } from '../lib/sinks/ledger-table';
import type { LocalDynamo } from '../test/support/dynalite';

/**
 * Stores `n` open ledger entries about other principals (unused roles), as a first publish commits
 * them: an account whose ledger is as full as the 10 000-user account's. Set-up, not measured: 25
 * items a call.
 */
export async function storeOpenFindings(db: LocalDynamo, table: string, accountId: string, n: number, now: string): Promise<void> {
  const items = Array.from({ length: n }, (_, i) => {
    const arn = `arn:aws:iam::${accountId}:role/service/other-${i}`;
    const finding: Finding = {
      id: findingId(accountId, 'UNUSED_ROLE', arn), type: 'UNUSED_ROLE', severity: 'LOW', accountId, privileged: false, detectedAt: now,
      title: `Role other-${i} unused for 120 days`, summary: 'last used 120 days ago (limit 90)',
      resource: { type: 'AwsIamRole', id: arn, name: `other-${i}` },
      threshold: { name: 'roleUnusedDays', limitDays: 90, actualDays: 120, reference: 'IAM Access Analyzer unused access (90 days)' },
    };
    const asff = toAsff(finding, { region: 'us-east-1' }, { createdAt: now, updatedAt: now });
    return toLedgerItem(importedEntry({ finding, firstSeen: now, updatedAt: now, fingerprint: fingerprint(finding) }, asff, now));
  });
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
    }
  }
}
