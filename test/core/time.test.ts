import { describe, expect, it } from 'vitest';
import { toMs } from '../../lib/core/time';

describe('toMs', () => {
  it('reads every canonical instant as Date.parse does when drawn across years 0000 to 9999', () => {
    const span = 253_402_300_800_000; // 0000-01-01 to 10000-01-01
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(((i * 7_919_000_000_013) % span) - 62_167_219_200_000).toISOString();
      expect(toMs(iso)).toBe(Date.parse(iso));
    }
  });

  it('reads leap days, month ends and the edges of the day when canonical', () => {
    for (const iso of ['2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2026-04-30T12:00:00.000Z']) {
      expect(toMs(iso)).toBe(Date.parse(iso));
    }
  });

  it('refuses canonical-looking instants that do not exist when a field rolls over', () => {
    for (const iso of ['2026-02-30T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2026-13-01T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01T23:60:00.000Z', '2026-01-01T23:00:60.000Z']) {
      expect(() => toMs(iso)).toThrow(RangeError);
    }
  });

  it('reads other ISO 8601 forms through the full parser when not canonical', () => {
    expect(toMs('2026-11-20')).toBe(Date.parse('2026-11-20T00:00:00.000Z'));
    expect(toMs('2026-11-20T01:00:00+01:00')).toBe(Date.parse('2026-11-20T00:00:00.000Z'));
  });
});
