/**
 * How far ahead of the clock an evaluation may be dated. Every change is
 * dated by its run's evaluation time, and the lifecycle leaves alone any
 * finding stored as newer than the run looking at it (a late event, an old
 * snapshot); so one run dated in the future (a mistyped `--now 2062-...`,
 * a scheduled event stamped 9999-12-31) would make every finding it wrote
 * look newer than every real run to come, and nothing would resolve again.
 * A run that writes to a store is therefore held to the clock, give or take
 * a day for skew and time zones, unless it says it replays history.
 */
import { UsageError } from '../errors.js';

/** Clock skew allowed: evaluation times up to a day past the clock are fine. */
export const MAX_AHEAD_OF_CLOCK_MS = 86_400_000;

/** Whether `time` lies more than a day past `clock`. */
export function isPastClock(time: Date | string, clock: Date): boolean {
  const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
  return ms - clock.getTime() > MAX_AHEAD_OF_CLOCK_MS;
}

/** An evaluation time a store-writing run refuses (exit 2). */
export class EvaluationTimeError extends UsageError {
  override name = 'EvaluationTimeError';
  constructor(
    readonly what: string,
    readonly time: string,
    readonly clock: string,
  ) {
    super(
      `${what} ${time} is more than a day past the clock (${clock}): a run that writes to the store refuses it, ` +
        'so that one wrong time cannot stop findings from resolving (pass --replay to replay history on purpose)',
    );
  }
}

/** Throws EvaluationTimeError when `time` is more than a day past `clock` and the caller does not replay history. */
export function assertNotPastClock(what: string, time: Date, options: { readonly replay?: boolean; readonly clock?: Date } = {}): void {
  const clock = options.clock ?? new Date();
  if (!options.replay && isPastClock(time, clock)) throw new EvaluationTimeError(what, time.toISOString(), clock.toISOString());
}
