/**
 * The clock that waits: measures elapsed time for deadlines and backoff. It is never the instant
 * findings are judged at (`--now`, the schedule time), which stays fixed for a whole run.
 */
export interface WaitClock {
  /** Milliseconds from an arbitrary origin; never goes backwards. */
  elapsedMs(): number;
  sleep(ms: number): Promise<void>;
}

/** `performance.now()` (monotonic: wall-clock steps do not move it) and real timers. */
export const monotonicClock: WaitClock = {
  elapsedMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
