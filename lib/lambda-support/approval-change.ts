import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { fromItem, sameTicketContent, type StoredApproval } from '../approvals/approval-item';

export interface ApprovalChange {
  stored: StoredApproval;
  why: 'created' | 'provisioned' | 'changed';
}

const image = (img: Record<string, unknown> | undefined, table: string) =>
  img ? fromItem(unmarshall(img as Record<string, AttributeValue>), { table, operation: 'stream' }) : undefined;

/**
 * Which stream records need a verification: a new approval, one newly marked provisioned, or one
 * whose ticket content changed. Evidence write-backs (Tally's own writes) change only version,
 * verifiedAt and evidence, and are skipped so a verification never triggers itself. A corrupt image
 * throws InvalidApprovalError naming the field.
 */
export function approvalChange(record: DynamoDBRecord, table: string): ApprovalChange | undefined {
  if (record.eventName === 'REMOVE') return undefined;
  const next = image(record.dynamodb?.NewImage, table);
  if (!next) return undefined;
  if (record.eventName === 'INSERT') return { stored: next, why: 'created' };
  const before = image(record.dynamodb?.OldImage, table);
  if (!before) return { stored: next, why: 'changed' };
  if (!before.approval.provisionedAt && next.approval.provisionedAt) return { stored: next, why: 'provisioned' };
  return sameTicketContent(before.approval, next.approval) ? undefined : { stored: next, why: 'changed' };
}
