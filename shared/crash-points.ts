/**
 * Crash injection, for the tests of "exactly once, whatever happens"
 * (design.md): with IAM_SENTINEL_CRASH_AT=<step> (or <step>:<n>) the
 * process kills itself with SIGKILL, as `kill -9` would (no handler, no
 * cleanup, no flush), the first (or n-th) time it reaches that step. Each
 * step sits between two writes of applying a run or delivering its
 * notifications, so a test can stop a run exactly there and check what a
 * rerun delivers. Unset, every call is a no-op; nothing deployed sets it.
 */

export const CRASH_STEPS = [
  /** The account's apply lease is held; nothing of the run is written yet. */
  'apply:leased',
  /** A large run: its journal parts are written, the run record (the decision) not yet. */
  'apply:journaled',
  /** A large run: the run record is written; its findings are not applied yet. */
  'apply:planned',
  /** A large run: one chunk of its findings is applied (use :<n> for a later one). */
  'apply:chunk',
  /** A large run: every finding is applied, the completion (run complete, digest pending) not yet. */
  'apply:applied',
  /** The run is committed (findings, history, run summary, digest); lastSeen-only updates not yet. */
  'apply:committed',
  /** A notification is claimed, not yet sent. */
  'deliver:claimed',
  /** A notification went to one sink; that is not recorded yet (the one window where a rerun sends it again). */
  'deliver:sent',
  /** A notification's send to one sink is recorded; the claim is not released yet. */
  'deliver:marked',
] as const;
export type CrashStep = (typeof CRASH_STEPS)[number];

const reached = new Map<string, number>();

export function crashPoint(step: CrashStep): void {
  const spec = process.env.IAM_SENTINEL_CRASH_AT;
  if (!spec) return;
  const [, name, nth = '1'] = /^(.+?)(?::(\d+))?$/.exec(spec) ?? [];
  if (name !== step) return;
  const count = (reached.get(step) ?? 0) + 1;
  reached.set(step, count);
  if (count === Number(nth)) process.kill(process.pid, 'SIGKILL');
}
