import type { FindingsLedger } from '../sinks/findings-ledger';
import type { LedgerSummary } from '../sinks/ledger-table';

/**
 * The findings ledger as one sweep reads it: the account's open entries once (one paged Query), for
 * the grace of key expiry and for the Security Hub plan alike. Entries that are not open (archived,
 * or never imported) are read by id, and only when key expiry asks for them.
 */
export class SweepLedgerRead {
  private readonly opened: Promise<readonly LedgerSummary[]>;

  constructor(
    private readonly ledger: FindingsLedger,
    accountId: string,
  ) {
    this.opened = ledger.load(accountId);
    // Read by whoever needs it; a failure is theirs to handle, not an unhandled rejection.
    this.opened.catch(() => undefined);
  }

  /** The open entries, or undefined when they could not be read (the Security Hub plan then reads them itself). */
  async open(): Promise<readonly LedgerSummary[] | undefined> {
    return this.opened.catch(() => undefined);
  }

  /** Entries by finding id: open ones from the one read, the others with consistent batch reads. Throws LedgerError when those fail. */
  async entries(findingIds: readonly string[], now: string): Promise<Map<string, LedgerSummary>> {
    const open = await this.open();
    const byId = new Map((open ?? []).map((e) => [e.findingId, e]));
    const rest = [...new Set(findingIds)].filter((id) => !byId.has(id));
    const out = new Map<string, LedgerSummary>();
    for (const id of findingIds) {
      const e = byId.get(id);
      if (e) out.set(id, e);
    }
    if (rest.length > 0) for (const [id, e] of await this.ledger.get(rest, now)) out.set(id, e);
    return out;
  }
}
