import { describe, expect, it } from 'vitest';
import { recent } from '../../cli/report/data.js';
import { countTicks, timeTicks } from '../../cli/report/scale.js';
import { downsample, trendPoints } from '../../cli/report/trend.js';
import { OTHER_ACCOUNT } from '../helpers/account.js';
import { run } from './fixtures.js';

const t = (iso: string) => Date.parse(iso);

describe('trendPoints', () => {
  it('gives one point per run with its open counts and total', () => {
    const points = trendPoints([run('2026-11-01T00:00:00Z', { critical: 2, low: 3 }), run('2026-11-02T00:00:00Z', { low: 1 })]);
    expect(points.map((p) => [p.at, p.total, p.open.critical, p.open.low])).toEqual([
      [t('2026-11-01T00:00:00Z'), 5, 2, 3],
      [t('2026-11-02T00:00:00Z'), 1, 0, 1],
    ]);
  });

  it("sums every account's latest counts, and merges runs at the same instant", () => {
    const points = trendPoints([
      run('2026-11-01T00:00:00Z', { high: 4 }),
      run('2026-11-01T00:00:00Z', { high: 1 }, { account: OTHER_ACCOUNT }),
      run('2026-11-03T00:00:00Z', { high: 2 }),
      run('2026-11-05T00:00:00Z', { high: 0 }, { account: OTHER_ACCOUNT }),
    ]);
    expect(points.map((p) => p.open.high)).toEqual([5, 3, 2]);
  });
});

describe('downsample', () => {
  const points = trendPoints(Array.from({ length: 1000 }, (_, i) => run(new Date(t('2026-01-01T00:00:00Z') + i * 3_600_000).toISOString(), { low: i })));

  it('keeps at most max points, the first and the last among them', () => {
    const kept = downsample(points, 100);
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.length).toBeGreaterThan(90);
    expect(kept[0]).toBe(points[0]);
    expect(kept[kept.length - 1]).toBe(points[points.length - 1]);
    expect(kept.every((p, i) => i === 0 || p.at > kept[i - 1].at)).toBe(true);
  });

  it('leaves short series alone', () => {
    expect(downsample(points.slice(0, 5), 100)).toEqual(points.slice(0, 5));
  });
});

describe('axis ticks', () => {
  it('counts in steps of 1, 2 or 5 times a power of ten, reaching the maximum', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(countTicks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(countTicks(512)).toEqual([0, 200, 400, 600]);
  });

  it('puts dates on calendar boundaries, the unit growing with the span', () => {
    expect(timeTicks(t('2026-11-20T12:00:00Z'), t('2026-11-21T12:00:00Z'), 7).map((x) => x.label)).toEqual([
      'Nov 20 12:00',
      'Nov 20 18:00',
      'Nov 21 00:00',
      'Nov 21 06:00',
      'Nov 21 12:00',
    ]);
    expect(timeTicks(t('2026-11-20T12:00:00Z'), t('2026-12-19T12:00:00Z'), 7).map((x) => x.label)).toEqual(['Nov 23', 'Nov 30', 'Dec 7', 'Dec 14']);
    const year = timeTicks(t('2025-10-17T00:00:00Z'), t('2026-11-20T00:00:00Z'), 7);
    expect(year.map((x) => x.label)).toEqual(['Jan 2026', 'Apr 2026', 'Jul 2026', 'Oct 2026']);
    const decade = timeTicks(t('2016-03-01T00:00:00Z'), t('2026-11-20T00:00:00Z'), 7);
    expect(decade.length).toBeLessThanOrEqual(7);
    expect(decade.every((x) => /^\d{4}$/.test(x.label))).toBe(true);
  });
});

describe('recent', () => {
  const now = t('2026-11-30T00:00:00Z');
  const items = ['2026-11-29', '2026-11-20', '2026-11-02', '2026-10-01', '2026-09-01'].map((d) => `${d}T00:00:00.000Z`);
  const at = (s: string) => s;

  it('shows the window, newest first', () => {
    expect(recent(items, at, now, { days: 30, atLeast: 0, atMost: 100 })).toEqual({
      items: items.slice(0, 3),
      inWindow: 3,
      days: 30,
      extended: false,
      truncated: false,
    });
  });

  it('reaches back for at least `atLeast` items, and stops at `atMost`', () => {
    expect(recent([...items].reverse(), at, now, { days: 30, atLeast: 4, atMost: 100 })).toMatchObject({ items: items.slice(0, 4), extended: true });
    expect(recent(items, at, now, { days: 30, atLeast: 10, atMost: 100 }).items).toEqual(items);
    expect(recent(items, at, now, { days: 30, atLeast: 0, atMost: 2 })).toMatchObject({ items: items.slice(0, 2), truncated: true, inWindow: 3 });
  });
});
