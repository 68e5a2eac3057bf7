import { describe, expect, it } from 'vitest';
import { renderJson } from '../../lib/report/json';
import { sampleResult } from '../sinks/sample-findings';

describe('renderJson', () => {
  it('round-trips the result with its key order and a trailing newline when rendered', () => {
    const result = sampleResult();
    const out = renderJson(result);
    expect(out.endsWith('}\n')).toBe(true);
    expect(JSON.parse(out)).toEqual(result);
    expect(Object.keys(JSON.parse(out))).toEqual(Object.keys(result));
    expect(out).toContain('\n  "accountId": "123456789012",');
  });
});
