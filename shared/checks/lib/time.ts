/**
 * Ages as the catalog defines them: whole days, rounded down, between a
 * timestamp and `now`. "More than N days" fails at N+1; "within N days"
 * includes N.
 */
import type { Instant } from '../../snapshot/types.js';

const DAY_MS = 86_400_000;

/** Whole days from `then` to `now`, rounded down; null when there is no timestamp. */
export function ageDays(then: Instant, now: Date): number | null {
  if (then === null) return null;
  return Math.floor((now.getTime() - then) / DAY_MS);
}

/** True when the age is strictly more than `days` (at exactly `days`: false). */
export function olderThan(then: Instant, days: number, now: Date): boolean {
  const age = ageDays(then, now);
  return age !== null && age > days;
}

/** True when `then` is at most `days` ago (the edge included). */
export function within(then: Instant, days: number, now: Date): boolean {
  const age = ageDays(then, now);
  return age !== null && age <= days;
}

/** ISO date (YYYY-MM-DD) of an instant, for messages and details. */
export function isoDay(t: Instant): string | null {
  return t === null ? null : new Date(t).toISOString().slice(0, 10);
}
