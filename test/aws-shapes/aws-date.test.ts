import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant, toMs } from '../../lib/core/time';
import { parseAwsDate } from '../../lib/aws-shapes/aws-date';

describe('parseAwsDate', () => {
  it.each([
    ['2014-07-30T17:09:20Z', '2014-07-30T17:09:20.000Z'],
    ['2026-05-01T10:00:00.123000+00:00', '2026-05-01T10:00:00.123Z'],
    ['2026-05-01 10:00:00.123000+00:00', '2026-05-01T10:00:00.123Z'],
    ['2026-05-01 12:00:00+02:00', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01T05:30:00-0430', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01T10:00:00', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01T10:00', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01 10:00:00 UTC', '2026-05-01T10:00:00.000Z'],
  ])('normalises the ISO form %s', (input, expected) => {
    expect(parseAwsDate(input)).toBe(expected);
  });

  it('reads epoch seconds, fractional and in exponent form, as the AWS CLI prints them', () => {
    expect(parseAwsDate(1523477145.729)).toBe('2018-04-11T20:05:45.729Z');
    expect(parseAwsDate(1.51197446236e9)).toBe('2017-11-29T16:54:22.360Z');
    expect(parseAwsDate(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it.each([['yesterday'], ['2026-02-30T00:00:00Z'], ['2026-13-01T00:00:00Z'], ['2026-05-01T24:00:00Z'], ['1523477145'], [''], [null], [true], [-1], [1.7e12], [Number.NaN]])(
    'rejects %j',
    (input) => {
      expect(parseAwsDate(input)).toBeUndefined();
    },
  );

  it('accepts a bare date only when asked to', () => {
    expect(parseAwsDate('2027-03-01')).toBeUndefined();
    expect(parseAwsDate('2027-03-01', { dateOnly: true })).toBe('2027-03-01T00:00:00.000Z');
  });
});

describe('parseAwsDate with SDK v3 values', () => {
  it('accepts Date objects as SDK v3 returns them and refuses an invalid one', () => {
    expect(parseAwsDate(new Date('2026-05-01T10:00:00.123Z'))).toBe('2026-05-01T10:00:00.123Z');
    expect(parseAwsDate(new Date('nonsense'))).toBeUndefined();
  });
});

describe('one date rule in a zone other than UTC', () => {
  // Vitest runs each file in its own process (pool: forks): the zone change stays in this file.
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['2026-11-20T00:00', '2026-11-20T00:00:00', '2026-11-20 00:00:00.000', '2026-11-20'])('reads %s as UTC in every parser when it has no zone', (text) => {
    const utc = Date.UTC(2026, 10, 20);
    expect(new Date(utc).getHours()).not.toBe(0); // the zone really is not UTC here
    expect(parseInstant(text, { dateOnly: true })).toBe(utc);
    expect(toMs(text)).toBe(utc);
    expect(parseAwsDate(text, { dateOnly: true })).toBe(new Date(utc).toISOString());
  });

  it('refuses what Date.parse would guess at, naming nothing but returning undefined', () => {
    for (const text of ['11/20/2026', 'Fri Nov 20 2026', '2026-11-20T00:00:00 EST', '2026-02-30', '20261120']) expect(parseInstant(text, { dateOnly: true })).toBeUndefined();
    expect(() => toMs('11/20/2026')).toThrow(/not an ISO 8601 instant: "11\/20\/2026"/);
  });

  it('keeps years before 100 as written when the date names one', () => {
    expect(new Date(parseInstant('0050-01-01T00:00:00Z')!).toISOString()).toBe('0050-01-01T00:00:00.000Z');
  });
});
