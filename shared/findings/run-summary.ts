/**
 * A run's summary row (trends, heartbeat): open findings by severity after
 * the run, and what the run changed. Pure.
 */
import { SEVERITIES, type Severity } from '../model.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { FindingChange, FindingState, RunSummary } from './types.js';
import type { StateWrite } from './lifecycle.js';

export function zeroBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

export function countOpen(states: Iterable<Pick<FindingState, 'status' | 'severity'>>): Record<Severity, number> {
  const counts = zeroBySeverity();
  for (const s of states) if (s.status === 'open') counts[s.severity]++;
  return counts;
}

/** Open counts once `writes` are applied on top of `openBefore`. */
export function openAfter(openBefore: Readonly<Record<Severity, number>>, writes: readonly StateWrite[]): Record<Severity, number> {
  const counts = { ...openBefore };
  for (const { previous, state } of writes) {
    if (previous?.status === 'open') counts[previous.severity]--;
    if (state.status === 'open') counts[state.severity]++;
  }
  return counts;
}

export function summarizeRun(input: {
  readonly runId: string;
  readonly evaluation: Evaluation;
  readonly openBySeverity: Record<Severity, number>;
  readonly changes: readonly FindingChange[];
}): RunSummary {
  const { evaluation, changes } = input;
  const count = (kind: FindingChange['change']) => changes.filter((c) => c.change === kind).length;
  return {
    runId: input.runId,
    account: evaluation.account,
    kind: evaluation.scope ? 'targeted' : 'scan',
    at: evaluation.evaluatedAt,
    openBySeverity: input.openBySeverity,
    opened: count('opened'),
    resolved: count('resolved'),
    reopened: count('reopened'),
    suppressed: count('suppressed'),
    detections: 0,
    collectionGaps: evaluation.gaps.map((g) => g.input),
    ...(evaluation.notSelectedChecks?.length ? { notSelectedChecks: [...evaluation.notSelectedChecks] } : {}),
  };
}
