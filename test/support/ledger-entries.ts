import type { FindingsLedger } from '../../lib/sinks/findings-ledger';
import type { LedgerEntry } from '../../lib/sinks/ledger-table';

/** The account's open ledger entries read whole: the open index's summaries, then each item by id. */
export async function openEntries(ledger: FindingsLedger, accountId: string): Promise<LedgerEntry[]> {
  const open = await ledger.load(accountId);
  const whole = await ledger.get(open.map((e) => e.findingId));
  return open.map((e) => whole.get(e.findingId)!);
}
