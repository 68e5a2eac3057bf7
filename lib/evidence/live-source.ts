import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditRecordSchema } from '../actions/audit-table';
import { revocationRecordSchema } from '../actions/revocation-record';
import type { ApprovalStore } from '../approvals/approval-store';
import { TallyError } from '../errors/tally-error';
import { isLedgerMarker } from '../sinks/ledger-open-index';
import { parseLedgerItem } from '../sinks/ledger-table';
import { actionFromAudit, actionFromRevocation, approvalRecord, findingFromLedger } from './from-sources';
import { overlaps } from './offline-source';
import type { Period } from './period';
import type { ActionRecord, EvidenceData, FindingRecord, ReviewRecord } from './records';

/** A table the export could not read. */
export class EvidenceReadError extends TallyError {
  override readonly name = 'EvidenceReadError';
}

export interface LiveSources {
  doc: DynamoDBDocumentClient;
  ledgerTable: string;
  auditTable: string;
  approvals: ApprovalStore;
  reviews?: ReviewRecord[];
  /** Items skipped as invalid, one line each. */
  warn?(message: string): void;
}

async function scanAll(doc: DynamoDBDocumentClient, table: string, filter?: Omit<ConstructorParameters<typeof ScanCommand>[0], 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    let page;
    try {
      page = await doc.send(new ScanCommand({ TableName: table, ...filter, ...(start ? { ExclusiveStartKey: start } : {}) }));
    } catch (cause) {
      throw new EvidenceReadError(`Scan of ${table} failed`, { table }, { cause });
    }
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Every ledger entry (all accounts) whose current episode overlaps the period. */
async function ledgerFindings(s: LiveSources, p: Period): Promise<FindingRecord[]> {
  const out: FindingRecord[] = [];
  for (const item of await scanAll(s.doc, s.ledgerTable)) {
    if (isLedgerMarker(item)) continue;
    try {
      const f = findingFromLedger(parseLedgerItem(item));
      if (overlaps(f, p)) out.push(f);
    } catch {
      s.warn?.(`ledger item ${String(item.findingId)} is not a valid entry: left out`);
    }
  }
  return out;
}

/** The audit table's action records (key expiry, revocation, restore) made in the period. */
async function auditActions(s: LiveSources, p: Period): Promise<ActionRecord[]> {
  // Run records alone carry `action`; claims, locks, cap slots and the accounts' memory do not.
  const items = await scanAll(s.doc, s.auditTable, {
    FilterExpression: 'attribute_exists(#action) AND #at >= :from AND #at < :to',
    ExpressionAttributeNames: { '#action': 'action', '#at': 'at' },
    ExpressionAttributeValues: { ':from': p.from, ':to': p.to },
  });
  const out: ActionRecord[] = [];
  for (const item of items) {
    const revocation = typeof item.runId === 'string' && /^(rev|rst)#/.test(item.runId);
    const action = revocation ? parseWith(revocationRecordSchema, item, actionFromRevocation) : parseWith(auditRecordSchema, item, actionFromAudit);
    if (action) out.push(action);
    else s.warn?.(`audit item ${String(item.runId)} ${String(item.sk)} is not a valid action record: left out`);
  }
  return out;
}

function parseWith<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, item: unknown, to: (r: T) => ActionRecord): ActionRecord | undefined {
  const parsed = schema.safeParse(item);
  return parsed.success ? to(parsed.data) : undefined;
}

/** A bundle's data from the deployed tables: the findings ledger, the approvals with their evidence, the audit log. */
export async function liveEvidence(s: LiveSources, p: Period): Promise<EvidenceData> {
  const [findings, list, actions] = await Promise.all([ledgerFindings(s, p), s.approvals.listAll(), auditActions(s, p)]);
  for (const bad of list.invalid) s.warn?.(`approval ${bad.approvalKey} is invalid: left out`);
  const approvals = list.approvals
    .filter((a) => Date.parse(a.approval.approvedAt) < Date.parse(p.to))
    .map((a) => approvalRecord(a.approval, a.evidence, 'approvals-table', a.approvalKey));
  return {
    findings,
    approvals,
    actions,
    reviews: s.reviews ?? [],
    reviewsGiven: s.reviews !== undefined,
    sources: [`findings ledger ${s.ledgerTable}`, `approvals table ${s.approvals.tableName}`, `audit table ${s.auditTable}`, ...(s.reviews ? [`review decisions: ${s.reviews.length}`] : [])],
  };
}
