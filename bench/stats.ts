/** Timing and summary helpers shared by the measurements. */
import { performance } from 'node:perf_hooks';

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds `fn` takes, and what it returned. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Rounds for display and JSON: figures are medians of a few runs, more digits would be noise. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * A full collection between timed rounds when node runs with --expose-gc
 * (`npm run bench` does), so one round's garbage is not collected on the
 * next round's clock. Without the flag, medians absorb it.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
