/**
 * The finding lifecycle (design.md "Finding lifecycle"), the same for every
 * store: compares what an evaluation saw with the stored state of each
 * finding it may touch, and says what changed. Pure: no clock, no I/O; every
 * change is dated at the evaluation's time, so replaying old snapshots builds
 * a true timeline.
 */
import { findingId, type Finding, type Severity } from '../model.js';
import type { Evaluation, SuppressedFinding } from '../engine/evaluate.js';
import type { ChangeKind, FindingChange, FindingState } from './types.js';

/** One state to write: what it becomes, the stored state it replaces, and the history rows it carries. */
export interface StateWrite {
  readonly state: FindingState;
  /** The stored state this write replaces (its version is the one the write expects); null when the finding is new. */
  readonly previous: FindingState | null;
  /** History rows of this write (empty for a lastSeen-only update). */
  readonly changes: readonly FindingChange[];
  /** True when this write carries a reminder (lastNotifiedAt moved to the evaluation time). */
  readonly reminder: boolean;
}

export interface LifecycleResult {
  /** Every history row, ordered by findingId. */
  readonly changes: readonly FindingChange[];
  /** States that differ from what is stored, one per finding, ordered by findingId. */
  readonly writes: readonly StateWrite[];
  /** Open critical findings due a reminder, as they will be after the writes. */
  readonly reminders: readonly FindingState[];
}

const DAY_MS = 86_400_000;

/**
 * Whether the evaluation speaks for a stored finding: only findings of checks
 * that ran (inputs collected), of the evaluated account, and, for a targeted
 * evaluation, on resources in its scope may change.
 */
export function isInEvaluation(state: Pick<FindingState, 'account' | 'checkId' | 'resource'>, evaluation: Evaluation): boolean {
  if (state.account !== evaluation.account) return false;
  if (!evaluation.evaluatedChecks.includes(state.checkId)) return false;
  // A principal whose rights are unknown this run (a policy document missing) was not judged by that check.
  if (evaluation.unjudged?.some((u) => u.checkId === state.checkId && u.resources.includes(state.resource))) return false;
  return !evaluation.scope || evaluation.scope.resources.includes(state.resource);
}

/**
 * Whether the stored state is newer than the evaluation: a run evaluated
 * before the finding was last seen or resolved (a delayed or redelivered
 * CloudTrail event, an old snapshot scanned after a newer one) must not
 * overwrite what a later run already knew. Such findings are left as they are.
 */
export function isNewerThan(state: Pick<FindingState, 'lastSeen' | 'resolvedAt'>, evaluation: Evaluation): boolean {
  const at = Date.parse(evaluation.evaluatedAt);
  return Date.parse(state.lastSeen) > at || (state.resolvedAt !== null && Date.parse(state.resolvedAt) > at);
}

type Seen = { readonly finding: Finding; readonly suppression?: SuppressedFinding['suppression'] };

function seenFindings(evaluation: Evaluation): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  // The engine lists each item once; should a check ever report one twice, the most severe (listed first) wins.
  for (const finding of evaluation.findings) {
    const id = findingId(finding);
    if (!seen.has(id)) seen.set(id, { finding });
  }
  for (const finding of evaluation.suppressed) {
    const id = findingId(finding);
    if (!seen.has(id)) seen.set(id, { finding, suppression: finding.suppression });
  }
  return seen;
}

function changeRow(state: FindingState, change: ChangeKind, at: string, previousSeverity?: Severity): FindingChange {
  return {
    findingId: state.findingId,
    checkId: state.checkId,
    resource: state.resource,
    ...(state.qualifier ? { qualifier: state.qualifier } : {}),
    change,
    at,
    severity: state.severity,
    ...(previousSeverity && previousSeverity !== state.severity ? { previousSeverity } : {}),
    title: state.title,
    message: state.message,
    details: state.details,
  };
}

/** Stable JSON (sorted keys) so that equal details compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function sameState(a: FindingState, b: FindingState): boolean {
  return canonical({ ...a, version: 0 }) === canonical({ ...b, version: 0 });
}

/** The new state and the change (if any) for an item the evaluation saw failing. */
function transitionSeen(stored: FindingState | undefined, seen: Seen, evaluation: Evaluation): { state: FindingState; change?: ChangeKind } {
  const at = evaluation.evaluatedAt;
  const { finding, suppression } = seen;
  const status = suppression ? 'suppressed' : 'open';
  const state: FindingState = {
    findingId: findingId(finding),
    account: evaluation.account,
    checkId: finding.checkId,
    resource: finding.resource,
    ...(finding.qualifier ? { qualifier: finding.qualifier } : {}),
    severity: finding.severity,
    status,
    title: finding.title,
    message: finding.message,
    details: finding.details,
    firstSeen: stored?.firstSeen ?? at,
    lastSeen: at,
    resolvedAt: null,
    ...(suppression ? { suppression: { reason: suppression.reason, expires: suppression.expires } } : {}),
    lastNotifiedAt: stored?.lastNotifiedAt ?? null,
    version: (stored?.version ?? 0) + 1,
  };
  if (!stored) return { state, change: suppression ? 'suppressed' : 'opened' };
  if (stored.status === 'resolved') return { state, change: suppression ? 'suppressed' : 'reopened' };
  if (stored.status === 'open' && suppression) return { state, change: 'suppressed' };
  if (stored.status === 'suppressed' && !suppression) return { state, change: 'unsuppressed' };
  if (stored.severity !== finding.severity) return { state, change: 'severity-changed' };
  return { state };
}

function isDueReminder(state: FindingState, evaluation: Evaluation, realertDays: number): boolean {
  if (realertDays <= 0 || state.status !== 'open' || state.severity !== 'critical') return false;
  const since = Date.parse(state.lastNotifiedAt ?? state.firstSeen);
  return Date.parse(evaluation.evaluatedAt) - since >= realertDays * DAY_MS;
}

/**
 * Diffs an evaluation against stored states. `stored` may hold states the
 * evaluation does not speak for (other checks, accounts, resources) or that
 * a later run already updated: they are left untouched. Applying the result and running again with the same
 * evaluation gives no writes at all.
 */
export function computeLifecycle(stored: readonly FindingState[], evaluation: Evaluation, realertDays: number): LifecycleResult {
  const at = evaluation.evaluatedAt;
  const seen = seenFindings(evaluation);
  const storedById = new Map(stored.filter((s) => s.account === evaluation.account).map((s) => [s.findingId, s]));
  const writes: StateWrite[] = [];

  const push = (previous: FindingState | undefined, next: FindingState, change?: ChangeKind) => {
    const changes = change ? [changeRow(next, change, at, previous?.severity)] : [];
    let state = next;
    const reminder = !change && isDueReminder(state, evaluation, realertDays);
    if (reminder) state = { ...state, lastNotifiedAt: at };
    if (previous && !change && !reminder && sameState(previous, state)) return;
    writes.push({ state, previous: previous ?? null, changes, reminder });
  };

  for (const [id, item] of seen) {
    const previous = storedById.get(id);
    if (previous && isNewerThan(previous, evaluation)) continue;
    // A seen item is by construction in the evaluation; a stored state it names is too.
    const { state, change } = transitionSeen(previous, item, evaluation);
    push(previous, state, change);
  }

  for (const previous of storedById.values()) {
    if (seen.has(previous.findingId) || previous.status === 'resolved' || !isInEvaluation(previous, evaluation)) continue;
    if (isNewerThan(previous, evaluation)) continue;
    const { suppression: _dropped, ...rest } = previous;
    push(previous, { ...rest, status: 'resolved', resolvedAt: at, version: previous.version + 1 }, 'resolved');
  }

  writes.sort((a, b) => compare(a.state.findingId, b.state.findingId));
  return {
    changes: writes.flatMap((w) => w.changes),
    writes,
    reminders: writes.filter((w) => w.reminder).map((w) => w.state),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
