import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { forEachLimit } from '../aws/for-each-limit';
import { approvalKey, type Approval } from '../core/approval';
import { safeApprovalKey, toItem, validateApproval } from '../approvals/approval-item';
import { ApprovalStoreError, storeErrorFrom, type StoreErrorContext } from '../approvals/store-errors';

/** What writing drafts did (or, in a dry run, would do): every draft is in exactly one list, in input order. */
export interface DraftWriteSummary {
  /** Written now (dry run: not in the table yet). */
  created: Approval[];
  /** Keys already in the table (a draft of an earlier run, or a record someone decided): left as they are. */
  existing: string[];
  failed: { approvalKey: string; error: ApprovalStoreError }[];
  dryRun: boolean;
}

/**
 * Writes draft approvals to the approvals table (operator CLI only: `tally approvals draft`), each
 * only where its key holds nothing yet (`attribute_not_exists`): an approval, a revocation or an
 * earlier draft under the same key is never overwritten, so a draft is written and announced once.
 * A dry run reads (consistently) and writes nothing.
 */
export async function writeDrafts(
  client: DynamoDBDocumentClient,
  tableName: string,
  drafts: readonly Approval[],
  options: { dryRun?: boolean; concurrency?: number } = {},
): Promise<DraftWriteSummary> {
  const dryRun = options.dryRun ?? false;
  const outcomes = new Array<{ created: Approval } | { existing: string } | { failed: ApprovalStoreError; key: string }>(drafts.length);
  const context = (operation: string, key: string): StoreErrorContext => ({ table: tableName, operation, approvalKey: key });
  await forEachLimit(
    drafts.map((d, i) => [d, i] as const),
    Math.max(1, options.concurrency ?? 10),
    async ([draft, i]) => {
      let key = safeApprovalKey(draft, `draft #${i + 1}`);
      const operation = dryRun ? 'GetItem' : 'PutItem';
      try {
        const approval = validateApproval(draft, context(operation, key));
        if (approval.status !== 'draft') throw new ApprovalStoreError(context(operation, key), `status is ${approval.status}: only drafts are written here`);
        key = approvalKey(approval);
        outcomes[i] = (await putIfAbsent(client, tableName, approval, dryRun)) ? { created: approval } : { existing: key };
      } catch (e) {
        outcomes[i] = { failed: storeErrorFrom(e, context(operation, key)), key };
      }
    },
  );
  const summary: DraftWriteSummary = { created: [], existing: [], failed: [], dryRun };
  for (const o of outcomes) {
    if ('created' in o) summary.created.push(o.created);
    else if ('existing' in o) summary.existing.push(o.existing);
    else summary.failed.push({ approvalKey: o.key, error: o.failed });
  }
  return summary;
}

/** True when the draft was written (dry run: would be); false when its key is taken. */
async function putIfAbsent(client: DynamoDBDocumentClient, tableName: string, approval: Approval, dryRun: boolean): Promise<boolean> {
  const key = approvalKey(approval);
  if (dryRun) {
    const out = await client.send(new GetCommand({ TableName: tableName, Key: { approvalKey: key }, ConsistentRead: true, ProjectionExpression: 'approvalKey' }));
    return out.Item === undefined;
  }
  try {
    await client.send(new PutCommand({ TableName: tableName, Item: toItem(approval, 1), ConditionExpression: 'attribute_not_exists(approvalKey)' }));
    return true;
  } catch (e) {
    if (isConditionalCheckFailure(e)) return false;
    throw e;
  }
}
