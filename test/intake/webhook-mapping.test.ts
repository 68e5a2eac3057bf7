import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRejection, parseIntakeDetail } from '../../lib/intake/intake-contract';
import { mapPayload, parseWebhookMapping, valueAtPath } from '../../lib/intake/webhook-mapping';

const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../examples/intake/${name}.json`, import.meta.url), 'utf8'));

describe('webhook mapping', () => {
  it('maps the Jira issue webhook example to a valid granted approval', () => {
    const mapped = mapPayload(parseWebhookMapping(example('jira-mapping')), example('jira-issue-webhook'));
    if ('field' in mapped) throw new Error(mapped.reason);
    expect(mapped).toMatchObject({ change: 'granted', timestampMs: 1795168500000, detail: { version: 1795168500000, requestId: '10042' } });
    const parsed = parseIntakeDetail('granted', mapped.detail);
    expect(isRejection(parsed)).toBe(false);
    expect(parsed).toMatchObject({
      approval: {
        ticketId: 'ACC-1042', principal: 'arn:aws:iam::123456789012:user/service/svc-billing-export',
        entitlement: { kind: 'managed-policy', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
        approvedBy: 'alice@example.com', owner: 'bob@example.com', approvedAt: '2026-11-20T09:14:00.000Z', expiresAt: '2027-05-20T00:00:00.000Z',
        ticketUrl: 'https://example.atlassian.net/rest/api/2/issue/10042', status: 'approved',
      },
    });
  });

  it('maps the ServiceNow RITM example to a valid granted approval, sys_mod_count as version', () => {
    const mapped = mapPayload(parseWebhookMapping(example('servicenow-mapping')), example('servicenow-ritm'));
    if ('field' in mapped) throw new Error(mapped.reason);
    const parsed = parseIntakeDetail('granted', mapped.detail);
    expect(parsed).toMatchObject({
      version: 7,
      approval: { ticketId: 'RITM0010042', principal: 'arn:aws:iam::123456789012:role/deploy', risk: 'privileged', approvedBy: 'alice@example.com', owner: 'bob@example.com' },
    });
  });

  it('names the change when the status value is not in the mapping', () => {
    const payload = example('servicenow-ritm') as Record<string, unknown>;
    expect(mapPayload(parseWebhookMapping(example('servicenow-mapping')), { ...payload, approval: 'duplicate' })).toMatchObject({ field: 'change' });
  });

  it('reads dotted names and array indexes, and nothing where a step is missing', () => {
    const payload = example('jira-issue-webhook');
    expect(valueAtPath(payload, '$.changelog.items[0].toString')).toBe('Approved');
    expect(valueAtPath(payload, '$.issue.fields.nothing.here')).toBeUndefined();
  });

  it('refuses a mapping whose path uses JSONPath filters', () => {
    expect(() => parseWebhookMapping({ record: { ticketId: '$..key' }, version: '$.timestamp', change: 'granted' })).toThrow(/record\.ticketId/);
  });
});
