import { describe, expect, it } from 'vitest';
import { parseAwsTime } from '../../shared/snapshot/time.js';

describe('parseAwsTime', () => {
  it('reads AWS times: offsets, Z, fractions of any length, dates alone; a time without an offset is UTC', () => {
    const cases: [string, string][] = [
      ['2026-06-04T00:00:00+00:00', '2026-06-04T00:00:00.000Z'],
      ['2026-12-01T16:48:54.566490Z', '2026-12-01T16:48:54.566Z'],
      ['2026-11-01T09:30:00.5Z', '2026-11-01T09:30:00.500Z'],
      ['2026-11-01T09:30:00+05:30', '2026-11-01T04:00:00.000Z'],
      ['2026-11-01T09:30:00-0800', '2026-11-01T17:30:00.000Z'],
      ['2026-11-01T09:30Z', '2026-11-01T09:30:00.000Z'],
      ['2026-11-01T09:30:00', '2026-11-01T09:30:00.000Z'],
      ['2026-11-01', '2026-11-01T00:00:00.000Z'],
      ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
      ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ];
    for (const [text, iso] of cases) expect(new Date(parseAwsTime(text)!).toISOString(), text).toBe(iso);
  });

  it('refuses what is not on the calendar instead of rolling it over (Date.parse makes 2026-02-30 March 2)', () => {
    for (const text of ['2026-02-30', '2026-02-29T00:00:00Z', '1900-02-29', '2026-04-31T00:00:00Z', '2026-13-01', '2026-00-10', '2026-11-01T24:00:00Z', '2026-11-01T23:60:00Z', '2026-11-01T09:30:00+25:00', 'yesterday', '', '2026-11-01T09']) {
      expect(parseAwsTime(text), text).toBeNull();
    }
  });
});
