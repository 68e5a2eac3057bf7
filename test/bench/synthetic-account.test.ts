import { describe, expect, it } from 'vitest';
import { approvalsFor } from '../../bench/account-approvals';
import { syntheticAccount } from '../../bench/synthetic-account';
import { approvalSchema } from '../../lib/approvals/approval-schema';

describe('synthetic account', () => {
  it('holds approvals field for field and in the order the approval parser returns them when built for the bench', () => {
    const { inventory, approvals } = syntheticAccount(200, 2_000);
    const sample = [...approvals.filter((_, i) => i % 7 === 0), ...approvalsFor(inventory).slice(0, 50)];
    for (const a of sample) expect(JSON.stringify(a)).toBe(JSON.stringify(approvalSchema.parse(a)));
    expect(new Set(sample.map((a) => a.entitlement.kind)).size).toBeGreaterThanOrEqual(6);
  });
});
