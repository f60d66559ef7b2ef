/**
 * Axis ticks for the trend chart: round counts on the y axis, calendar
 * boundaries (UTC) on the time axis.
 */
import { MONTHS, monthDay } from './format.js';

/** 0, step, 2·step … up to at least `max`, with a 1/2/5 step giving about `count` intervals. */
export function countTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Unit = { readonly kind: 'hours' | 'days'; readonly ms: number } | { readonly kind: 'months'; readonly months: number };

const UNITS: readonly Unit[] = [
  { kind: 'hours', ms: HOUR },
  { kind: 'hours', ms: 3 * HOUR },
  { kind: 'hours', ms: 6 * HOUR },
  { kind: 'hours', ms: 12 * HOUR },
  { kind: 'days', ms: DAY },
  { kind: 'days', ms: 2 * DAY },
  { kind: 'days', ms: 7 * DAY },
  { kind: 'days', ms: 14 * DAY },
  { kind: 'months', months: 1 },
  { kind: 'months', months: 3 },
  { kind: 'months', months: 6 },
  { kind: 'months', months: 12 },
];

/** 1970-01-05 was a Monday: weekly ticks fall on Mondays. */
const FIRST_MONDAY = 4 * DAY;

export interface TimeTick {
  readonly at: number;
  readonly label: string;
}

/** At most `maxTicks` ticks on calendar boundaries inside [start, end]. */
export function timeTicks(start: number, end: number, maxTicks = 8): TimeTick[] {
  for (const unit of UNITS) {
    const ticks = ticksOf(unit, start, end, maxTicks);
    if (ticks.length <= maxTicks) return ticks.map((at) => ({ at, label: labelOf(unit, at) }));
  }
  const years = Math.ceil((end - start) / (365 * DAY) / maxTicks);
  const first = new Date(start).getUTCFullYear() + 1;
  const ticks: TimeTick[] = [];
  for (let y = first; Date.UTC(y, 0, 1) <= end; y += years) ticks.push({ at: Date.UTC(y, 0, 1), label: String(y) });
  return ticks;
}

/** Stops one past `limit`: enough to tell the unit is too fine. */
function ticksOf(unit: Unit, start: number, end: number, limit: number): number[] {
  const ticks: number[] = [];
  if (unit.kind === 'months') {
    const monthStart = (m: number) => Date.UTC(Math.floor(m / 12), m % 12, 1);
    const d = new Date(start);
    let m = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (monthStart(m) < start) m++;
    m = Math.ceil(m / unit.months) * unit.months;
    for (; monthStart(m) <= end && ticks.length <= limit; m += unit.months) ticks.push(monthStart(m));
    return ticks;
  }
  const origin = unit.ms >= 7 * DAY ? FIRST_MONDAY : 0;
  for (let at = origin + Math.ceil((start - origin) / unit.ms) * unit.ms; at <= end && ticks.length <= limit; at += unit.ms) ticks.push(at);
  return ticks;
}

function labelOf(unit: Unit, at: number): string {
  const d = new Date(at);
  const day = monthDay(at);
  if (unit.kind === 'hours') return `${day} ${String(d.getUTCHours()).padStart(2, '0')}:00`;
  if (unit.kind === 'days') return day;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
