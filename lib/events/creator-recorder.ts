import type { CreatorMemory, CreatorSeen } from '../actions/account-memory';

/** How many principals a container remembers having written a creator for. */
const REMEMBERED = 1_000;

/**
 * Writes the creators the event path sees into the account memory, once per principal and caller in
 * a warm container: a repeat of the same caller's change costs no call (the event path's budget is
 * 8), a new caller or a create is written (one conditional PutItem).
 */
export class CreatorRecorder {
  private readonly written = new Map<string, string>();

  constructor(private readonly memory: Pick<CreatorMemory, 'rememberCreator'>) {}

  /** Remembers `seen` unless this container wrote the same already; throws when the write fails. */
  async record(seen: CreatorSeen): Promise<void> {
    const key = `${seen.accountId}|${seen.principalArn}`;
    const value = `${seen.how}|${seen.creator}`;
    if (this.written.get(key) === value) return;
    await this.memory.rememberCreator(seen);
    this.written.delete(key);
    this.written.set(key, value);
    if (this.written.size > REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }
}
