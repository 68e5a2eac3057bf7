import { emitWarningIfUnsupportedVersion, state } from '@aws-sdk/core/client';
import { describe, expect, it } from 'vitest';

describe('test output', () => {
  it('carries no AWS SDK NodeVersionSupportWarning when a client checks the Node version on Node 20', async () => {
    const seen: string[] = [];
    const listener = (w: Error) => seen.push(w.message);
    const emitted = state.warningEmitted;
    process.on('warning', listener);
    state.warningEmitted = false;
    try {
      // What every SDK client's runtime config does on construction.
      emitWarningIfUnsupportedVersion('v20.12.0');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
      state.warningEmitted = emitted;
    }
    expect(seen.filter((m) => m.includes('NodeVersionSupportWarning'))).toEqual([]);
  });
});
