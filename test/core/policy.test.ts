import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../lib/core/policy';

describe('parsePolicy', () => {
  it('fills every default from an empty file', () => {
    const p = parsePolicy({});
    expect(p.standard).toEqual(DEFAULT_POLICY.standard);
    expect(p.privileged).toEqual(DEFAULT_POLICY.privileged);
    expect(p.provisioningGraceHours).toBe(24);
  });

  it('merges a partial threshold block over the defaults', () => {
    const p = parsePolicy({ standard: { accessKeyMaxAgeDays: 60 } });
    expect(p.standard).toEqual({ ...DEFAULT_POLICY.standard, accessKeyMaxAgeDays: 60 });
  });

  it.each([
    [{ standard: { accessKeyMaxAgeDays: -1 } }, 'standard.accessKeyMaxAgeDays'],
    [{ standard: { accesKeyMaxAgeDays: 60 } }, 'standard.accesKeyMaxAgeDays'],
    [{ provisioningGraceHours: 'soon' }, 'provisioningGraceHours'],
    [{ exemptTag: '' }, 'exemptTag'],
    [{ unknown: true }, 'unknown'],
  ])('names the bad field in %j', (input, field) => {
    expect(() => parsePolicy(input)).toThrow(PolicyError);
    try {
      parsePolicy(input);
    } catch (e) {
      expect((e as PolicyError).field).toBe(field);
      expect((e as PolicyError).message).toContain(field);
    }
  });
});
