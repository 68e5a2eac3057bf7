import { describe, expect, it, vi } from 'vitest';
import { reconcile, RuleError } from '../../lib/core/reconcile';
import { parsePolicy } from '../../lib/core/policy';
import { inventory, NOW } from './builders';

vi.mock('../../lib/core/rules', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/core/rules')>();
  const broken = { id: 'UNUSED_ROLE' as const, evaluate: () => { throw new TypeError('cannot read lastUsedAt'); } };
  return { RULES: [...original.RULES, broken] };
});

describe('a rule that throws', () => {
  it('fails the whole reconcile naming the rule, never reads as a pass', () => {
    expect(() => reconcile(inventory(), [], parsePolicy({}), NOW)).toThrow(RuleError);
    try {
      reconcile(inventory(), [], parsePolicy({}), NOW);
    } catch (e) {
      expect((e as RuleError).ruleId).toBe('UNUSED_ROLE');
      expect((e as RuleError).message).toContain('cannot read lastUsedAt');
      expect((e as RuleError).cause).toBeInstanceOf(TypeError);
    }
  });
});
