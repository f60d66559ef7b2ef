/**
 * What one run must write, decided in full before anything is written:
 * the lifecycle's state writes and history rows, the notifications they
 * owe (each tied to the finding it is about), the run's summary and its
 * digest, and whether alerts were folded into it. The store persists a
 * change set as one unit (design.md "Exactly once, whatever happens"), so
 * a crash or a retry delivers exactly what the first run owed. Pure.
 */
import type { Config } from '../config/schema.js';
import type { Evaluation } from '../engine/evaluate.js';
import { severityRank, type Detection, type Severity } from '../model.js';
import { computeLifecycle, type StateWrite } from './lifecycle.js';
import { detectionNotifications, notificationIds, runNotifications, type AccountRef, type NotificationRenderer } from './notifications.js';
import { openAfter, summarizeRun } from './run-summary.js';
import type { FindingChange, FindingState, Notification, RunSummary } from './types.js';

/** A finding's new state, its history rows and the notifications about it: written together or not at all. */
export interface FindingGroup {
  readonly write: StateWrite;
  readonly notifications: readonly Notification[];
}

export interface ChangeSet {
  readonly account: string;
  readonly accountAlias: string | null;
  readonly run: RunSummary;
  /**
   * Writes that record a change, carry a reminder or owe a notification:
   * with the run summary and the digest, the run's one atomic unit.
   */
  readonly groups: readonly FindingGroup[];
  /** lastSeen-only updates: idempotent and owing nothing, so written apart from the unit. */
  readonly touches: readonly StateWrite[];
  /** The run's digest, when it changed anything. */
  readonly digest: Notification | null;
  /** Alerts folded into the digest (more than notify.maxAlertsPerRun); 0 when each went on its own. */
  readonly foldedAlerts: number;
}

/** What the store read for a run, under its lease: the states it may touch and the account's open counts before it. */
export interface StoredView {
  readonly states: readonly FindingState[];
  readonly openBefore: Readonly<Record<Severity, number>>;
}

/** Every history row of a change set, ordered by findingId. */
export function changesOf(set: Pick<ChangeSet, 'groups'>): FindingChange[] {
  return set.groups.flatMap((g) => g.write.changes);
}

/** Every notification a change set owes: alerts most severe first, reminders, then the digest. */
export function notificationsOf(set: Pick<ChangeSet, 'groups' | 'digest'>): Notification[] {
  const reminder = (n: Notification) => (n.id.startsWith('reminder|') ? 1 : 0);
  const linked = set.groups
    .flatMap((g) => g.notifications)
    .sort((a, b) => reminder(a) - reminder(b) || severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
  return [...linked, ...(set.digest ? [set.digest] : [])];
}

export function prepareChangeSet(input: {
  readonly view: StoredView;
  readonly evaluation: Evaluation;
  readonly config: Config;
  /** Unique per run: names the run summary and the digest. */
  readonly runId: string;
  readonly render: NotificationRenderer;
}): ChangeSet {
  const { view, evaluation, config, runId, render } = input;
  const at = evaluation.evaluatedAt;
  const ref: AccountRef = { account: evaluation.account, accountAlias: evaluation.accountAlias };
  const plan = computeLifecycle(view.states, evaluation, config.notify.realertDays);
  const run = summarizeRun({ runId, evaluation, openBySeverity: openAfter(view.openBefore, plan.writes), changes: plan.changes });
  const owed = runNotifications({ ref, changes: plan.changes, reminders: plan.reminders, run, config, render });

  const byFinding = new Map<string, Notification[]>();
  const link = (findingId: string, n: Notification) => byFinding.set(findingId, [...(byFinding.get(findingId) ?? []), n]);
  for (const n of owed.alerts) link(String(n.data.findingId ?? findingIdOf(n.id)), n);
  for (const n of owed.reminders) link(String(n.data.findingId ?? findingIdOf(n.id)), n);

  const groups: FindingGroup[] = [];
  const touches: StateWrite[] = [];
  for (const write of plan.writes) {
    const notifications = byFinding.get(write.state.findingId) ?? [];
    // The last time someone was told about it, for the next reminder.
    const state = notifications.length > 0 ? { ...write.state, lastNotifiedAt: at } : write.state;
    if (write.changes.length === 0 && !write.reminder && notifications.length === 0) touches.push(write);
    else groups.push({ write: { ...write, state }, notifications });
  }
  return { account: evaluation.account, accountAlias: evaluation.accountAlias, run, groups, touches, digest: owed.digest, foldedAlerts: owed.folded };
}

/** The findingId inside an alert or reminder id ("finding|<findingId>|<change>|<at>", "reminder|<findingId>|<at>"); findingIds contain "|". */
function findingIdOf(id: string): string {
  const parts = id.split('|');
  return parts[0] === 'finding' ? parts.slice(1, -2).join('|') : parts.slice(1, -1).join('|');
}

/** A detection and the notification it owes: stored together, once per eventId and rule. */
export interface DetectionGroup {
  readonly detection: Detection;
  readonly notifications: readonly Notification[];
}

export interface DetectionChangeSet {
  readonly account: string;
  readonly accountAlias: string | null;
  readonly groups: readonly DetectionGroup[];
}

/** One group per distinct eventId and rule, in the order given. */
export function prepareDetections(input: {
  readonly detections: readonly Detection[];
  readonly account: string;
  readonly accountAlias: string | null;
  readonly config: Config;
  readonly render: NotificationRenderer;
}): DetectionChangeSet {
  const ref: AccountRef = { account: input.account, accountAlias: input.accountAlias };
  const unique = [...new Map(input.detections.map((d) => [notificationIds.detection(d), d])).values()];
  const owed = new Map(detectionNotifications(unique, ref, input.config, input.render).map((n) => [n.id, n]));
  return {
    ...ref,
    groups: unique.map((detection) => {
      const n = owed.get(notificationIds.detection(detection));
      return { detection, notifications: n ? [n] : [] };
    }),
  };
}
