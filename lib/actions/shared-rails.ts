import { parseArn } from '../core/arn';
import type { AuditSink } from './audit-log';

/** How long a run holds an account's write lock: longer than any write phase (a Lambda runs ≤ 15 min). */
const LOCK_MS = 20 * 60_000;

/** The account an IAM user ARN belongs to, or the whole ARN when it is not one (its own scope then). */
export function accountOf(userArn: string): string {
  return parseArn(userArn)?.accountId || userArn;
}

/**
 * The rails that hold across runs, kept in the audit table: one run at a time writes in an account
 * (a lease, taken before the account's first write and released after the run's last), and at most
 * `cap` keys are deactivated per account per UTC day of the run's evaluation time, counted in slots
 * that a run, its retries (same evaluation time, so the same day) and concurrent runs all share.
 */
export class SharedRails {
  private readonly locks = new Map<string, boolean>();

  constructor(
    private readonly audit: AuditSink,
    private readonly runId: string,
    private readonly cap: number,
    /** `YYYY-MM-DD` of the run's evaluation time. */
    readonly day: string,
    /** Real time: leases run in real time, not at the run's evaluation instant. */
    private readonly wallClock: () => Date,
  ) {}

  /** True when this run holds the account's write lock (taken on first use). */
  async lock(accountId: string): Promise<boolean> {
    let held = this.locks.get(accountId);
    if (held === undefined) {
      const at = this.wallClock();
      held = await this.audit.lock(accountId, this.runId, at.toISOString(), new Date(at.getTime() + LOCK_MS).toISOString());
      this.locks.set(accountId, held);
    }
    return held;
  }

  /** True when this run may deactivate `accessKeyId`: a slot of the account's daily cap is its own. */
  slot(accountId: string, accessKeyId: string): Promise<boolean> {
    return this.audit.takeSlot({ accountId, day: this.day, cap: this.cap, runId: this.runId, accessKeyId, at: this.wallClock().toISOString() });
  }

  /**
   * Releases the locks this run took. A failed release is left to the lease (it expires): it must not
   * hide the outcome of the run, nor the error that ended it.
   */
  async release(): Promise<void> {
    const at = this.wallClock().toISOString();
    for (const [accountId, held] of this.locks) if (held) await this.audit.unlock(accountId, this.runId, at).catch(() => undefined);
  }
}
