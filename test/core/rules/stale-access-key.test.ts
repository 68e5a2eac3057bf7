import { describe, expect, it } from 'vitest';
import { approval, daysAgo, inventory, key, user, userArn } from '../builders';
import { ofType, run } from '../run';

describe('STALE_ACCESS_KEY', () => {
  it('reports an active key older than 90 days', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(1, 200, 1)] })] }));
    const [f] = ofType(r, 'STALE_ACCESS_KEY');
    expect(f?.resource).toMatchObject({ type: 'AwsIamAccessKey', id: `${userArn('svc-a')}/access-key/1`, accessKeySlot: 1 });
    expect(f?.threshold).toMatchObject({ name: 'accessKeyMaxAgeDays', limitDays: 90, actualDays: 200 });
    expect(f?.control).toBe('IAM.3');
    expect(f?.severity).toBe('MEDIUM');
  });

  it('does not report a key exactly at the limit, and does one millisecond past it', () => {
    const atLimit = { ...key(1, 90, 1) };
    const past = { ...key(2, 90, 1), createdAt: new Date(Date.parse(daysAgo(90)) - 1).toISOString() };
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [atLimit, past] })] }));
    expect(ofType(r, 'STALE_ACCESS_KEY').map((f) => f.resource.accessKeySlot)).toEqual([2]);
  });

  it('ignores inactive keys', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(1, 400, 1, false)] })] }));
    expect(ofType(r, 'STALE_ACCESS_KEY')).toEqual([]);
  });

  it('applies the privileged limit and raises severity for privileged approvals', () => {
    const u = user('svc-admin', { accessKeys: [key(1, 40, 1)] });
    const std = run(inventory({ users: [u] }), [approval(u.arn, { kind: 'access-key', maxKeys: 1 })]);
    expect(ofType(std, 'STALE_ACCESS_KEY')).toEqual([]);
    const priv = run(inventory({ users: [u] }), [approval(u.arn, { kind: 'access-key', maxKeys: 1 }, { risk: 'privileged' })]);
    expect(ofType(priv, 'STALE_ACCESS_KEY')[0]).toMatchObject({ severity: 'HIGH', privileged: true, threshold: { limitDays: 30 } });
  });

  it('uses the policy file threshold when set', () => {
    const r = run(inventory({ users: [user('svc-a', { accessKeys: [key(1, 61, 1)] })] }), [], { standard: { accessKeyMaxAgeDays: 60 } });
    expect(ofType(r, 'STALE_ACCESS_KEY')).toHaveLength(1);
  });
});

describe('access key finding ids', () => {
  it('are the same whether the key is known by slot (credential report) or by id (ListAccessKeys)', () => {
    const bySlot = user('svc-a', { accessKeys: [key(1, 200, 100)] });
    const byId = user('svc-a', { accessKeys: [{ ...key(2, 200, 100), accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] });
    const ids = (u: typeof bySlot) => run(inventory({ users: [u] })).findings.filter((f) => f.resource.type === 'AwsIamAccessKey').map((f) => f.id).sort();
    expect(ids(byId)).toEqual(ids(bySlot));
    expect(ids(bySlot)).toHaveLength(2);
  });
});

describe('access key finding ids of keys created in the same second', () => {
  it('tells two such keys of one user apart', () => {
    const twins = user('svc-twins', { accessKeys: [key(1, 200, 100), key(2, 200, 100)] });
    const ids = run(inventory({ users: [twins] })).findings.filter((f) => f.resource.type === 'AwsIamAccessKey').map((f) => f.id);
    expect(new Set(ids).size).toBe(4);
  });
});
