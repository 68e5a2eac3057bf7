import type { TableSpec } from '../aws/table-spec';

/** Name of the index that answers "every approval naming this principal". */
export const BY_PRINCIPAL_INDEX = 'byPrincipal';

/**
 * The approvals table: one item per approval record.
 *
 * Keys
 * - Partition key `approvalKey` (S): `approvalKey(approval)` from `lib/core/approval` — ticket,
 *   principal, kind and target. A ticket that grants several things yields several records, and the
 *   same grant imported twice lands on the same item, which is what makes import idempotent. No sort
 *   key: every access by key is a single-item get or conditional write.
 * - GSI `byPrincipal`: partition `principal` (S), sort `approvalKey` (S), projection ALL. The event
 *   paths (CloudTrail event, approval stream) know one principal and need all of its approvals in one
 *   Query; sorting by key keeps a principal's records grouped by ticket.
 *
 * Attributes: the approval's own fields at top level (`ticketId`, `principal`, `entitlement` as a
 * map, `approvedBy`, `approvedAt`, `expiresAt`, `risk`, `status`, …), `version` (N) for optimistic
 * locking — 1 on create, +1 on every write, each write conditional on the version read — and, once
 * verified, `verifiedAt` plus an `evidence` map (see `ApprovalEvidence`).
 *
 * Access patterns
 * - get one approval by key: GetItem (strongly consistent);
 * - all approvals of one principal (event path): Query on `byPrincipal`, all pages; GSI reads are
 *   eventually consistent, which the event path tolerates (the next sweep corrects it);
 * - all approvals (scheduled sweep): Scan with pagination (1 MB pages), validated item by item;
 * - create / update / evidence write-back: conditional PutItem / UpdateItem on `version`
 *   (`attribute_not_exists(approvalKey)` for a new record), so evidence never lands on a newer approval.
 *
 * No TTL: expired and revoked approvals stay, since a still-present entitlement under them is a finding.
 *
 * Runtime roles may only UpdateItem the {@link EVIDENCE_WRITE_ATTRIBUTES} (IAM `dynamodb:Attributes`):
 * such an update on a key that does not exist leaves an item without the approval's fields, which
 * `fromItem` rejects as invalid, so it never counts as an approval.
 */
export const APPROVAL_TABLE: TableSpec = {
  partitionKey: { name: 'approvalKey', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: BY_PRINCIPAL_INDEX,
      partitionKey: { name: 'principal', type: 'S' },
      sortKey: { name: 'approvalKey', type: 'S' },
    },
  ],
};

/**
 * Every attribute the evidence write-back names (key, condition and update): the IAM grant of the
 * runtime roles allows UpdateItem on these and no other, so a runtime role cannot write an approval.
 */
export const EVIDENCE_WRITE_ATTRIBUTES = ['approvalKey', 'version', 'verifiedAt', 'evidence'] as const;
