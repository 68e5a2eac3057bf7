import { describe, expect, it } from 'vitest';
import { approvalNotProvisionedEvents } from '../../lib/sinks/eventbridge-events';
import { DETAIL_SCHEMAS, DETAIL_TYPES } from '../../lib/sinks/event-schemas';
import { approval, daysAgo, inventory, roleArn } from '../core/builders';
import { run } from '../core/run';

describe('approvalNotProvisionedEvents', () => {
  // Approved three days ago, grace 24 h (the default), nothing in IAM.
  const result = run(inventory(), [approval(roleArn('analytics-reader'), { kind: 'identity' }, { ticketId: 'CHG-1201', approvedAt: daysAgo(3) })]);
  const finding = result.findings.find((f) => f.type === 'APPROVED_NOT_PROVISIONED')!;

  it('announces an approval whose grace passed with nothing in AWS, with its ticket and grace in hours, valid against its schema', () => {
    const [event, ...more] = approvalNotProvisionedEvents(result, new Map([[finding.id, 'new']]));
    expect(more).toEqual([]);
    expect(event).toMatchObject({ detailType: DETAIL_TYPES.approvalNotProvisioned, id: finding.approval!.key, resources: [roleArn('analytics-reader')] });
    expect(event!.detail).toMatchObject({ ticketId: 'CHG-1201', principal: roleArn('analytics-reader'), provisioningGraceHours: 24, findingId: finding.id, approvedAt: daysAgo(3) });
    expect(DETAIL_SCHEMAS[DETAIL_TYPES.approvalNotProvisioned].safeParse(event!.detail).success).toBe(true);
  });

  it('announces it once: again when re-opened, not while its finding is unchanged or merely changed', () => {
    expect(approvalNotProvisionedEvents(result, new Map([[finding.id, 'reopened']]))).toHaveLength(1);
    expect(approvalNotProvisionedEvents(result, new Map([[finding.id, 'changed']]))).toEqual([]);
    expect(approvalNotProvisionedEvents(result, new Map())).toEqual([]);
    // Without a record of what was published (no ledger, or a re-publication): every one.
    expect(approvalNotProvisionedEvents(result)).toHaveLength(1);
  });
});
