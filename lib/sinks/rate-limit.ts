/** Time as the rate limiter and retry backoff see it; tests inject a virtual one so they never wait. */
export interface Clock {
  /** Milliseconds, monotonic enough for spacing calls. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateLimiterOptions {
  /** Sustained rate. */
  ratePerSecond: number;
  /**
   * Calls allowed back to back before the rate applies. With 1 (the default) no one-second window
   * ever holds more than `ratePerSecond` calls; a larger burst uses the API's burst allowance.
   * @default 1
   */
  burst?: number;
  /** @default systemClock */
  clock?: Clock;
}

/**
 * A token bucket: `take()` resolves when a call may go out. Callers are served in order, so
 * concurrent callers share the rate instead of each getting it.
 */
export class RateLimiter {
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.rate = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? 1);
    this.clock = options.clock ?? systemClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Waits for a token and spends it. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }

  private async acquire(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.rate));
      this.refill();
    }
    this.tokens = Math.max(0, this.tokens - 1);
  }
}
