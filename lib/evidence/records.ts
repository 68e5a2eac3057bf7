import { z } from 'zod';

/**
 * The records of an evidence bundle, one JSON object per line in its `.jsonl` files. Every record
 * names where it came from (`source`), so an auditor can tell the ledger's history from a sweep's
 * view of one moment.
 */

const instant = z.iso.datetime({ offset: true });

/** A finding's episode: open from `firstSeen` until `closedAt` (absent while open). */
export const findingRecordSchema = z.object({
  findingId: z.string().min(1),
  accountId: z.string(),
  type: z.string().min(1),
  severity: z.string(),
  title: z.string(),
  resourceId: z.string(),
  principalArn: z.string().optional(),
  state: z.enum(['open', 'closed']),
  firstSeen: instant,
  lastSeen: instant,
  closedAt: instant.optional(),
  source: z.enum(['ledger', 'sweep', 'history']),
});
export type FindingRecord = z.infer<typeof findingRecordSchema>;

/**
 * An approval and what Tally concluded when it last checked it. `verifiedAt` is when it was verified
 * (matched AWS), the end of "time from approval to verified"; `checkedAt` when it was last checked.
 */
export const approvalRecordSchema = z.object({
  approvalKey: z.string().min(1),
  ticketId: z.string(),
  principal: z.string(),
  entitlement: z.string(),
  target: z.string(),
  risk: z.string(),
  status: z.string(),
  approvedBy: z.string(),
  owner: z.string().optional(),
  approvedAt: instant,
  expiresAt: instant.optional(),
  outcome: z.string().optional(),
  findingId: z.string().optional(),
  method: z.string().optional(),
  checkedAt: instant.optional(),
  verifiedAt: instant.optional(),
  source: z.enum(['approvals-table', 'sweep', 'history']),
});
export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;

/** One audited action decision (key expiry, revocation, restore): a plan or a result record. */
export const actionRecordSchema = z.object({
  actionId: z.string().min(1),
  runId: z.string(),
  findingId: z.string(),
  action: z.string(),
  phase: z.enum(['plan', 'result']),
  mode: z.enum(['report', 'enforce']),
  decision: z.string(),
  reason: z.string(),
  principalArn: z.string(),
  target: z.string().optional(),
  actor: z.string(),
  at: instant,
  source: z.enum(['audit-table', 'sweep', 'history']),
});
export type ActionRecord = z.infer<typeof actionRecordSchema>;

/** Decisions that leave a review item still open. */
export const UNDECIDED = ['', 'pending', 'undecided'] as const;

/**
 * One review decision as a review campaign records it, one per line of any `.jsonl` file in the
 * `--reviews` folder. Only `decision` is required (a string, or null while undecided); the other
 * fields are kept as given. Decided: any decision other than null, "", "pending" or "undecided".
 */
export const reviewRecordSchema = z
  .object({
    decision: z.string().nullable(),
    approvalKey: z.string().optional(),
    campaignId: z.string().optional(),
    owner: z.string().optional(),
    decidedAt: instant.optional(),
  })
  .loose();
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;

/** Whether a review item has been decided. */
export function isDecided(r: ReviewRecord): boolean {
  return r.decision !== null && !(UNDECIDED as readonly string[]).includes(r.decision.trim().toLowerCase());
}

/** Everything one bundle holds, before it is written. */
export interface EvidenceData {
  findings: FindingRecord[];
  approvals: ApprovalRecord[];
  actions: ActionRecord[];
  reviews: ReviewRecord[];
  /** Where the data came from, said in the report (e.g. "live: tables …", "snapshot examples/demo-account"). */
  sources: string[];
  /** Whether review decisions were given at all (an empty file is not the same as none). */
  reviewsGiven: boolean;
}

/** The bundle's JSON lines files, by record kind. */
export const JSONL_FILES = { findings: 'findings.jsonl', approvals: 'approvals.jsonl', actions: 'actions.jsonl', reviews: 'review-decisions.jsonl' } as const;

/** Records as JSON lines (one object per line, a final newline when any). */
export function toJsonLines(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}
