/**
 * The trend of open findings, from run summaries: one point per run time,
 * holding the open findings by severity of every account as of that time.
 * Open counts only change at runs, so between two points the earlier one
 * holds (a step, not a slope).
 */
import { SEVERITIES, type Severity } from '../../shared/model.js';
import type { RunSummary } from '../../shared/store/types.js';

export interface TrendPoint {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly open: Readonly<Record<Severity, number>>;
  readonly total: number;
}

/**
 * Runs oldest first in, points oldest first out. With several accounts each
 * point sums every account's latest known counts, so an account audited
 * daily and one audited weekly add up to the true total at every time.
 */
export function trendPoints(runs: readonly RunSummary[]): TrendPoint[] {
  const latest = new Map<string, Readonly<Record<Severity, number>>>();
  const points: TrendPoint[] = [];
  for (const run of runs) {
    latest.set(run.account, run.openBySeverity);
    const at = Date.parse(run.at);
    const point = pointOf(at, latest.values());
    // Runs of several accounts at one instant make one point.
    if (points.length > 0 && points[points.length - 1].at === at) points[points.length - 1] = point;
    else points.push(point);
  }
  return points;
}

function pointOf(at: number, counts: Iterable<Readonly<Record<Severity, number>>>): TrendPoint {
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const c of counts) for (const s of SEVERITIES) open[s] += c[s] ?? 0;
  return { at, open, total: SEVERITIES.reduce((sum, s) => sum + open[s], 0) };
}

/**
 * At most `max` points, for a chart a few hundred pixels wide: the time span
 * is cut into `max` equal slices and each slice keeps its last point (the
 * state it ends in). The first point is always kept.
 */
export function downsample(points: readonly TrendPoint[], max: number): TrendPoint[] {
  if (points.length <= max) return [...points];
  const first = points[0].at;
  const span = points[points.length - 1].at - first;
  const slices = new Map<number, TrendPoint>();
  for (const p of points.slice(1)) slices.set(Math.min(max - 2, Math.floor(((p.at - first) / span) * (max - 1))), p);
  return [points[0], ...slices.values()];
}
