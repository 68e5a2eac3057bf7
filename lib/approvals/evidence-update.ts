import type { ConditionalWrite } from '../aws/conditional-batch';
import { validateEvidence } from './approval-item';
import { asJsonData, type ApprovalEvidence } from './evidence';
import type { ApprovalStoreError, StoreErrorContext } from './store-errors';

/** What {@link ApprovalStore.writeEvidence} stored: the approval's key, its new version and the evidence as written. */
export interface WrittenEvidence {
  approvalKey: string;
  version: number;
  evidence: ApprovalEvidence;
}

/** One evidence write of `ApprovalStore.writeEvidenceMany`: the arguments of `writeEvidence`. */
export interface EvidenceWrite {
  approvalKey: string;
  expectedVersion: number;
  evidence: ApprovalEvidence;
  /** When the approval last matched AWS, for evidence written after the match. */
  matchedAt?: string;
}

/** What became of one evidence write: written, or the error `writeEvidence` would have thrown for it. */
export type EvidenceResult = { written: WrittenEvidence } | { error: ApprovalStoreError };

/**
 * The conditional update that writes `write.evidence` (validated: throws InvalidApprovalError naming
 * the field): sets `evidence`, `verifiedAt` when it matched (RECONCILED, or `matchedAt`) and
 * `version + 1`, only if the table holds `expectedVersion`. Names only `EVIDENCE_WRITE_ATTRIBUTES`,
 * as the runtime roles' attribute-limited UpdateItem grant requires; asks nothing back.
 */
export function evidenceUpdate(tableName: string, write: EvidenceWrite, context: StoreErrorContext): { written: WrittenEvidence; update: ConditionalWrite } {
  const { approvalKey: key, expectedVersion } = write;
  const valid = validateEvidence(write.evidence, context);
  const evidence: ApprovalEvidence = { ...valid, observed: asJsonData(valid.observed) };
  // `verifiedAt` on the approval is when it last matched AWS: a RECONCILED check, or `matchedAt`.
  const matchedAt = write.matchedAt ?? (valid.outcome === 'RECONCILED' ? valid.verifiedAt : undefined);
  const matched = matchedAt !== undefined;
  const Update = {
    TableName: tableName,
    Key: { approvalKey: key },
    UpdateExpression: matched ? 'SET #verifiedAt = :verifiedAt, #evidence = :evidence, #version = :next' : 'SET #evidence = :evidence, #version = :next',
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version', ...(matched ? { '#verifiedAt': 'verifiedAt' } : {}), '#evidence': 'evidence' },
    ExpressionAttributeValues: {
      ...(matched ? { ':verifiedAt': matchedAt } : {}),
      ':evidence': evidence,
      ':expected': expectedVersion,
      ':next': expectedVersion + 1,
    },
  };
  return { written: { approvalKey: key, version: expectedVersion + 1, evidence }, update: { key, action: { Update } } };
}
