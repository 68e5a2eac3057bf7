import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { AuditWriteError } from './action-errors';
import { CREATOR_TTL_DAYS, creatorKey, creatorSchema, ttlAfter, type CreatorRecord } from './audit-table';

/** The creators of principals, in the account's memory (`by#` items, see AUDIT_TABLE). */
export interface CreatorMemory {
  /** The creators on record at `now` (ISO), by principal ARN; an item that does not parse is left out. */
  creators(accountId: string, now: string): Promise<Map<string, string>>;
  /** Remembers who created (or granted something to) a principal: a create replaces any record, a grant only another grant's. True when stored. */
  rememberCreator(c: CreatorSeen): Promise<boolean>;
}

/** A creator the event path saw: the principal, the caller, and the event. */
export interface CreatorSeen {
  accountId: string;
  principalArn: string;
  creator: string;
  how: CreatorRecord['how'];
  eventName: string;
  eventId: string;
  /** ISO: the event's time. */
  at: string;
}

/**
 * The event path's one write to the account memory: the creator of a principal. A module of its own
 * so that the event handler does not bundle the rest of the account memory (lib/actions/account-memory.ts,
 * which extends it), which only the sweep reads and writes.
 */
export class CreatorWriter implements Pick<CreatorMemory, 'rememberCreator'> {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async rememberCreator(c: CreatorSeen): Promise<boolean> {
    const at = new Date(Date.parse(c.at)).toISOString();
    const item: CreatorRecord = { ...creatorKey(c.accountId, c.principalArn), creator: c.creator, how: c.how, eventName: c.eventName, eventId: c.eventId, at, ttl: ttlAfter(at, CREATOR_TTL_DAYS) };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: creatorSchema.parse(item),
          // A grant never replaces the principal's creator; a create replaces anything.
          ...(c.how === 'grant' ? { ConditionExpression: 'attribute_not_exists(runId) OR #how = :grant', ExpressionAttributeNames: { '#how': 'how' }, ExpressionAttributeValues: { ':grant': 'grant' } } : {}),
        }),
      );
      return true;
    } catch (cause) {
      if (isConditionalCheckFailure(cause)) return false;
      throw new AuditWriteError(this.tableName, c.eventId, `creator of ${c.principalArn}`, { cause });
    }
  }
}
