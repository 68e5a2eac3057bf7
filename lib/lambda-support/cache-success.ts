/**
 * A lazy value computed once per container: concurrent first callers share one attempt, a success
 * is kept, and a failure is not — the next call tries again, so one transient error (throttling,
 * a network blip) cannot poison every later invocation of a warm container.
 */
export function cacheSuccess<T>(make: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    if (cached === undefined) {
      const attempt = make();
      cached = attempt;
      attempt.catch(() => {
        if (cached === attempt) cached = undefined;
      });
    }
    return cached;
  };
}
