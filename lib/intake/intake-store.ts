import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromItem, INTAKE_VERSION, sameTicketContent, toItem } from '../approvals/approval-item';
import { StaleApprovalError, storeErrorFrom, type StoreErrorContext } from '../approvals/store-errors';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { approvalKey } from '../core/approval';
import type { IntakeCommand } from './intake-contract';

/**
 * What applying one intake change did: `applied` (written at store `version`), `replayed` (the table
 * already holds this intake version: nothing written), `stale` (it holds a newer one: ignored),
 * `rejected` (a recertification of an approval the table does not hold).
 */
export type IntakeOutcome =
  | { status: 'applied'; approvalKey: string; intakeVersion: number; version: number; created: boolean }
  | { status: 'replayed'; approvalKey: string; intakeVersion: number }
  | { status: 'stale'; approvalKey: string; intakeVersion: number; currentIntakeVersion: number }
  | { status: 'rejected'; approvalKey: string; field: string; reason: string };

export { INTAKE_VERSION } from '../approvals/approval-item';

/** Read-compare-write attempts when a concurrent writer (evidence, another event) got in between. */
const MAX_ATTEMPTS = 3;

/**
 * Applies intake changes to the approvals table. Each change is one conditional PutItem of the
 * whole item, so nothing is ever half-applied: on the store's `version` read (as every store write)
 * and on `intakeVersion` being absent or lower, so a newer approval is never overwritten even by a
 * writer that read before it. A changed record replaces the item at `version + 1` and drops the
 * evidence of the old content (as an import does); unchanged content, and a recertification, keep
 * the item and its evidence and move only `intakeVersion` (and `recertifiedAt`).
 */
export class IntakeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async apply(command: IntakeCommand): Promise<IntakeOutcome> {
    const key = approvalKey(command.approval);
    const v = command.version;
    const context: StoreErrorContext & { approvalKey: string } = { table: this.tableName, operation: 'PutItem', approvalKey: key };
    for (let attempt = 1; ; attempt++) {
      const item = await this.getItem(key);
      const current = typeof item?.[INTAKE_VERSION] === 'number' ? (item[INTAKE_VERSION] as number) : undefined;
      if (current === v) return { status: 'replayed', approvalKey: key, intakeVersion: v };
      if (current !== undefined && current > v) return { status: 'stale', approvalKey: key, intakeVersion: v, currentIntakeVersion: current };
      if (command.change === 'recertified' && item === undefined) {
        return { status: 'rejected', approvalKey: key, field: 'approval', reason: 'no approval with this key to recertify' };
      }
      const storeVersion = item === undefined ? 0 : fromItem(item, { table: this.tableName, operation: 'GetItem' }).version;
      const next = this.nextItem(command, item, storeVersion + 1);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...next, [INTAKE_VERSION]: v },
            ...(item === undefined
              ? { ConditionExpression: 'attribute_not_exists(approvalKey)' }
              : {
                  ConditionExpression: '#version = :expected AND (attribute_not_exists(#intake) OR #intake < :intake)',
                  ExpressionAttributeNames: { '#version': 'version', '#intake': INTAKE_VERSION },
                  ExpressionAttributeValues: { ':expected': storeVersion, ':intake': v },
                }),
          }),
        );
        return { status: 'applied', approvalKey: key, intakeVersion: v, version: storeVersion + 1, created: item === undefined };
      } catch (e) {
        if (!isConditionalCheckFailure(e)) throw storeErrorFrom(e, context);
        if (attempt >= MAX_ATTEMPTS) throw new StaleApprovalError(context, { expected: storeVersion }, { cause: e });
      }
    }
  }

  /**
   * Revokes one approval on Tally's own decision (a review item undecided past its deadline, with
   * policy `review.escalation: revoke`): the same GetItem and PutItem as {@link apply}, conditional on
   * the store `version` the caller read, so an approval changed since (recertified, amended) is never
   * overwritten: {@link StaleApprovalError}. The item's `intakeVersion` is kept, so an older ticket
   * change stays stale and the ticketing tool's next version still applies; evidence is dropped, as
   * for any changed content.
   */
  async revoke(key: string, expectedVersion: number): Promise<{ version: number }> {
    const context: StoreErrorContext & { approvalKey: string } = { table: this.tableName, operation: 'PutItem', approvalKey: key };
    const item = await this.getItem(key);
    const stored = item === undefined ? undefined : fromItem(item, { table: this.tableName, operation: 'GetItem' });
    if (!stored || stored.version !== expectedVersion) throw new StaleApprovalError(context, { expected: expectedVersion, ...(stored ? { current: stored.version } : {}) });
    const intake = item?.[INTAKE_VERSION];
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem({ ...stored.approval, status: 'revoked' }, expectedVersion + 1), ...(typeof intake === 'number' ? { [INTAKE_VERSION]: intake } : {}) },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return { version: expectedVersion + 1 };
    } catch (e) {
      if (isConditionalCheckFailure(e)) throw new StaleApprovalError(context, { expected: expectedVersion }, { cause: e });
      throw storeErrorFrom(e, context);
    }
  }

  /** The item to write: the record at `version`, or the stored item moved on when its ticket content stays. */
  private nextItem(command: IntakeCommand, item: Record<string, unknown> | undefined, version: number): Record<string, unknown> {
    if (item === undefined) return toItem(command.approval, version);
    if (command.change === 'recertified') return { ...item, recertifiedAt: command.approval.recertifiedAt, version };
    const stored = fromItem(item, { table: this.tableName, operation: 'GetItem' });
    return sameTicketContent(stored.approval, command.approval) ? { ...item, version } : toItem(command.approval, version);
  }

  private async getItem(key: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { approvalKey: key }, ConsistentRead: true }));
      return out.Item;
    } catch (e) {
      throw storeErrorFrom(e, { table: this.tableName, operation: 'GetItem', approvalKey: key });
    }
  }
}
