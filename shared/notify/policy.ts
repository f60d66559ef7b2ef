/**
 * Who hears about what (design.md "Notifications", "Config"): a finding
 * that opens or reopens at or above `notify.minSeverity`, or whose check is
 * in `notify.always`; every such detection; a reminder for a critical
 * finding still open after `notify.realertDays`; and one digest per run
 * that changed anything. A problem that merely persists sends nothing. A
 * run owing more than `notify.maxAlertsPerRun` finding alerts sends its
 * digest alone, which says so.
 *
 * Ids are built from the cause alone, so a retried run enqueues nothing new.
 */
import type { Config } from '../config/schema.js';
import { atLeast, severityRank, type Detection, type Severity } from '../model.js';
import type { DetectionNotificationBuilder, FindingChange, NotificationBuilder, RunSummary } from '../store/types.js';
import { detectionContent, digestContent, findingChangeContent, reminderContent, type AccountRef } from './format.js';
import type { Notification } from './types.js';

export const notificationIds = {
  finding: (c: Pick<FindingChange, 'findingId' | 'change' | 'at'>) => `finding|${c.findingId}|${c.change}|${c.at}`,
  reminder: (findingId: string, at: string) => `reminder|${findingId}|${at}`,
  detection: (d: Pick<Detection, 'eventId' | 'ruleId'>) => `detection|${d.eventId}|${d.ruleId}`,
  digest: (runId: string) => `digest|${runId}`,
};

const ALERTING_CHANGES = new Set<FindingChange['change']>(['opened', 'reopened']);

/** Whether a check or rule with this severity alerts on its own. */
export function alerts(id: string, severity: Severity, config: Config): boolean {
  return config.notify.always.includes(id) || atLeast(severity, config.notify.minSeverity);
}

const mostSevereFirst = <T extends { severity: Severity }>(key: (x: T) => string) => (a: T, b: T) =>
  severityRank(b.severity) - severityRank(a.severity) || key(a).localeCompare(key(b));

function digestNotification(run: RunSummary, changes: readonly FindingChange[], ref: AccountRef, folded: number): Notification {
  const content = digestContent(run, changes, ref, folded);
  return {
    id: notificationIds.digest(run.runId),
    kind: 'digest',
    severity: content.data.view.severity,
    account: ref.account,
    accountAlias: ref.accountAlias,
    ...content,
    createdAt: run.at,
  };
}

/** The builder the store calls with a run's changes and the reminders it found due. */
export function findingNotifier(config: Config): NotificationBuilder {
  return ({ evaluation, changes, reminders, run }) => {
    const ref: AccountRef = { account: evaluation.account, accountAlias: evaluation.accountAlias };
    const base = { account: ref.account, accountAlias: ref.accountAlias };

    const alertsFor = changes
      .filter((c) => ALERTING_CHANGES.has(c.change) && alerts(c.checkId, c.severity, config))
      .sort(mostSevereFirst((c) => c.findingId))
      .map((c): Notification => ({
        id: notificationIds.finding(c),
        kind: 'finding',
        severity: c.severity,
        checkId: c.checkId,
        ...base,
        ...findingChangeContent(c, ref),
        createdAt: c.at,
      }));

    // A finding that changed this run was just reported (or resolved): reminding about it too would say it twice.
    const changed = new Set(changes.map((c) => c.findingId));
    const remindersDue =
      config.notify.realertDays === 0
        ? []
        : reminders
            .filter((s) => s.status === 'open' && s.severity === 'critical' && !changed.has(s.findingId))
            .sort(mostSevereFirst((s) => s.findingId))
            .map((s): Notification => ({
              id: notificationIds.reminder(s.findingId, run.at),
              kind: 'finding',
              severity: s.severity,
              checkId: s.checkId,
              ...base,
              ...reminderContent(s, ref, run.at),
              createdAt: run.at,
            }));

    // An alert storm (the first audit of a large account, a mass change) is one digest, not thousands of emails.
    const limit = config.notify.maxAlertsPerRun;
    const folded = limit > 0 && alertsFor.length > limit ? alertsFor.length : 0;
    const digest = changes.length === 0 ? [] : [digestNotification(run, changes, ref, folded)];

    return [...(folded ? [] : alertsFor), ...remindersDue, ...digest];
  };
}

/** The builder the store calls with the detections it newly stored. */
export function detectionNotifier(config: Config): DetectionNotificationBuilder {
  return (detections, account, accountAlias) => {
    const ref: AccountRef = { account, accountAlias };
    return detections
      .filter((d) => alerts(d.ruleId, d.severity, config))
      .map((d): Notification => ({
        id: notificationIds.detection(d),
        kind: 'detection',
        severity: d.severity,
        ruleId: d.ruleId,
        account,
        accountAlias,
        ...detectionContent(d, ref),
        createdAt: d.eventTime,
      }));
  };
}
