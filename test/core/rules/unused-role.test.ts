import { describe, expect, it } from 'vitest';
import { daysAgo, inventory, role } from '../builders';
import { ofType, run } from '../run';

describe('UNUSED_ROLE', () => {
  it('reports a role last used 150 days ago', () => {
    const r = run(inventory({ roles: [role('etl-runner', { lastUsedAt: daysAgo(150) })] }));
    expect(ofType(r, 'UNUSED_ROLE')[0]).toMatchObject({ severity: 'LOW', threshold: { limitDays: 90, actualDays: 150 } });
  });

  it('does not report a role used exactly 90 days ago', () => {
    const r = run(inventory({ roles: [role('etl-runner', { lastUsedAt: daysAgo(90) })] }));
    expect(ofType(r, 'UNUSED_ROLE')).toEqual([]);
  });

  it('reports a never-used role only once it is older than the window', () => {
    const { lastUsedAt: _, ...neverUsed } = role('old');
    const young = { ...neverUsed, arn: neverUsed.arn.replace('old', 'young'), name: 'young', createdAt: daysAgo(10) };
    const r = run(inventory({ roles: [neverUsed, young] }));
    expect(ofType(r, 'UNUSED_ROLE').map((f) => f.resource.name)).toEqual(['old']);
  });

  it('leaves service-linked roles alone', () => {
    const slr = role('AWSServiceRoleForSupport', { path: '/aws-service-role/support.amazonaws.com/', lastUsedAt: daysAgo(300) });
    const r = run(inventory({ roles: [slr] }));
    expect(r.findings).toEqual([]);
  });
});
