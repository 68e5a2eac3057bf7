import { describe, expect, it } from 'vitest';
import { daysAgo, inventory, NOW, secret } from '../builders';
import { ofType, run } from '../run';

const midnight = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;

describe('SECRET_UNUSED', () => {
  it('reports a secret last read 120 days ago', () => {
    const r = run(inventory({ secrets: [secret('prod/report', { lastAccessedAt: midnight(daysAgo(120)) })] }));
    expect(ofType(r, 'SECRET_UNUSED')[0]).toMatchObject({ control: 'SecretsManager.3', threshold: { limitDays: 90 } });
  });

  it('counts a day-granular read as the end of that day', () => {
    // Read on the day 91 days before now: the read may have been at 23:59 that day, i.e. 90 days ago.
    const r = run(inventory({ secrets: [secret('prod/report', { lastAccessedAt: midnight(daysAgo(91)) })] }));
    expect(ofType(r, 'SECRET_UNUSED')).toEqual([]);
    const later = new Date(Date.parse(NOW) + 1).toISOString();
    expect(ofType(run(inventory({ secrets: [secret('prod/report', { lastAccessedAt: midnight(daysAgo(91)) })] }), [], {}, later), 'SECRET_UNUSED')).toHaveLength(1);
  });

  it('reports a never-read secret older than the window and spares a young one', () => {
    const old = secret('old', { lastAccessedAt: undefined, createdAt: daysAgo(100) });
    const young = secret('young', { lastAccessedAt: undefined, createdAt: daysAgo(10) });
    expect(ofType(run(inventory({ secrets: [old, young] })), 'SECRET_UNUSED').map((f) => f.resource.name)).toEqual(['old']);
  });
});
