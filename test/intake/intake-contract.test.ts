import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intakeChange, intakeSourceProblem, parseIntakeDetail } from '../../lib/intake/intake-contract';
import { approval } from '../approvals/store-fixtures';

describe('intake contract', () => {
  it('returns the validated record and version when a granted detail is valid', () => {
    expect(parseIntakeDetail('granted', { approval: approval(), version: '12', requestId: 'req-1' })).toEqual({ change: 'granted', approval: approval(), version: 12, requestId: 'req-1' });
  });

  it('names the field when the record does not validate (the file-import schema)', () => {
    const bad = { approval: { ...approval(), entitlement: { kind: 'managed-policy', policyArn: 'AmazonS3ReadOnlyAccess' } }, version: 1 };
    expect(parseIntakeDetail('granted', bad)).toEqual({ field: 'approval.entitlement.policyArn', reason: 'not a managed policy ARN (got "AmazonS3ReadOnlyAccess")' });
  });

  it('names version when it is not a positive integer', () => {
    expect(parseIntakeDetail('amended', { approval: approval(), version: 0 })).toMatchObject({ field: 'version' });
    expect(parseIntakeDetail('amended', { approval: approval(), version: '2026-11-20T00:00:00Z' })).toMatchObject({ field: 'version' });
  });

  it('makes a revoked detail revoked when its record has no status, and refuses another status', () => {
    const { status: _s, ...noStatus } = approval();
    expect(parseIntakeDetail('revoked', { approval: noStatus, version: 2 })).toMatchObject({ approval: { status: 'revoked' } });
    expect(parseIntakeDetail('revoked', { approval: approval(), version: 2 })).toMatchObject({ field: 'approval.status' });
    expect(parseIntakeDetail('granted', { approval: approval({ status: 'revoked' }), version: 2 })).toMatchObject({ field: 'approval.status' });
    expect(parseIntakeDetail('granted', { approval: approval({ status: 'draft' }), version: 2 })).toMatchObject({ field: 'approval.status' });
  });

  it('requires recertifiedAt when the detail-type is Recertified', () => {
    expect(parseIntakeDetail('recertified', { approval: approval(), version: 2 })).toEqual({ field: 'approval.recertifiedAt', reason: 'required' });
  });

  it('names approval when the detail carries no record', () => {
    expect(parseIntakeDetail('granted', { version: 2 })).toMatchObject({ field: 'approval' });
  });

  it('reads only the four intake detail-types and refuses Tally’s own source', () => {
    expect(intakeChange('Tally Approval Recertified')).toBe('recertified');
    expect(intakeChange('Tally Approval Verified')).toBeUndefined();
    expect(intakeSourceProblem('tally')).toMatch(/Tally's own/);
    expect(intakeSourceProblem('aws.partner')).toMatch(/reserved/);
    expect(intakeSourceProblem('tally.intake')).toBeUndefined();
  });

  it('accepts the intake example of docs/events.md when it is parsed as its detail-type says', () => {
    const doc = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
    const intake = examples.filter((e) => e.source === 'tally.intake');
    expect(intake.length).toBeGreaterThan(0);
    for (const e of intake) expect(parseIntakeDetail(intakeChange(e['detail-type'])!, e.detail)).toMatchObject({ version: 7, approval: { status: 'approved' } });
  });
});
