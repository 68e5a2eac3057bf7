import { actionRecordSchema, approvalRecordSchema, findingRecordSchema, JSONL_FILES, reviewRecordSchema, type ActionRecord, type ApprovalRecord, type FindingRecord, type ReviewRecord } from './records';
import { filesIn, readJsonLines } from './jsonl-folder';

/** Records of earlier bundles (`--history DIR`): every findings, approvals and actions file found. */
export interface History {
  findings: FindingRecord[];
  approvals: ApprovalRecord[];
  actions: ActionRecord[];
  files: string[];
}

/**
 * Reads earlier exports: `findings.jsonl`, `approvals.jsonl` and `actions.jsonl` in DIR or its direct
 * subfolders (point it at an earlier `--out` folder). Signatures are not checked here: verify a
 * bundle with `tally evidence verify` before trusting it as history.
 */
export async function readHistory(dir: string): Promise<History> {
  const find = (name: string) => filesIn(dir, (n) => n === name);
  const [f, a, x] = await Promise.all([find(JSONL_FILES.findings), find(JSONL_FILES.approvals), find(JSONL_FILES.actions)]);
  const all = async <T>(files: string[], schema: Parameters<typeof readJsonLines<T>>[1]) => (await Promise.all(files.map((file) => readJsonLines(file, schema)))).flat();
  return {
    findings: await all(f, findingRecordSchema),
    approvals: await all(a, approvalRecordSchema),
    actions: await all(x, actionRecordSchema),
    files: [...f, ...a, ...x],
  };
}

/** Review decisions (`--reviews DIR`): every `.jsonl` file in DIR or its direct subfolders. */
export async function readReviews(dir: string): Promise<ReviewRecord[]> {
  const files = await filesIn(dir, (n) => n.endsWith('.jsonl'));
  return (await Promise.all(files.map((file) => readJsonLines(file, reviewRecordSchema)))).flat();
}

/**
 * One finding's records over time folded into its latest episode: ordered by `lastSeen`, a record
 * that starts after the episode so far was closed starts a new episode; otherwise the episode keeps
 * its earliest `firstSeen` and takes the later record's state.
 */
export function foldEpisodes(records: readonly FindingRecord[]): FindingRecord {
  const [first, ...rest] = [...records].sort((a, b) => Date.parse(a.lastSeen) - Date.parse(b.lastSeen));
  let acc = first!;
  for (const r of rest) {
    const reopened = acc.closedAt !== undefined && Date.parse(r.firstSeen) >= Date.parse(acc.closedAt);
    acc = reopened ? r : { ...r, firstSeen: Date.parse(acc.firstSeen) < Date.parse(r.firstSeen) ? acc.firstSeen : r.firstSeen };
  }
  return acc;
}
