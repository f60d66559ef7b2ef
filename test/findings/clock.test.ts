import { describe, expect, it } from 'vitest';
import { assertNotPastClock, EvaluationTimeError, isPastClock } from '../../shared/findings/clock.js';

const CLOCK = new Date('2026-12-01T12:00:00Z');

describe('the clock rule', () => {
  it('a day of skew is fine; more is past the clock', () => {
    expect(isPastClock('2026-12-02T12:00:00Z', CLOCK)).toBe(false);
    expect(isPastClock('2026-12-02T12:00:01Z', CLOCK)).toBe(true);
    expect(isPastClock(new Date('1999-01-01T00:00:00Z'), CLOCK)).toBe(false);
  });

  it('a store-writing run refuses a time past the clock, unless it replays history', () => {
    expect(() => assertNotPastClock('scan: --now', new Date('2062-01-01T00:00:00Z'), { clock: CLOCK })).toThrow(EvaluationTimeError);
    expect(() => assertNotPastClock('scan: --now', new Date('2062-01-01T00:00:00Z'), { clock: CLOCK })).toThrow(
      'scan: --now 2062-01-01T00:00:00.000Z is more than a day past the clock (2026-12-01T12:00:00.000Z)',
    );
    expect(() => assertNotPastClock('scan: --now', new Date('2062-01-01T00:00:00Z'), { clock: CLOCK, replay: true })).not.toThrow();
    expect(() => assertNotPastClock('scan: --now', CLOCK, { clock: CLOCK })).not.toThrow();
  });
});
