import { describe, expect, it } from 'vitest';
import { cacheSuccess } from '../../lib/lambda-support/cache-success';

describe('cacheSuccess', () => {
  it('tries again on the next call when the first attempt failed', async () => {
    const outcomes = [Promise.reject(new Error('throttled')), Promise.resolve(42)];
    let calls = 0;
    const value = cacheSuccess(() => outcomes[calls++]!);
    await expect(value()).rejects.toThrow('throttled');
    await expect(value()).resolves.toBe(42);
    await expect(value()).resolves.toBe(42);
    expect(calls).toBe(2);
  });

  it('shares one attempt between concurrent first callers when it is still in flight', async () => {
    let calls = 0;
    const value = cacheSuccess(async () => ++calls);
    await expect(Promise.all([value(), value(), value()])).resolves.toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });
});
