/**
 * Who hears about what (design.md "Notifications", "Config"): a finding
 * that opens, reopens or comes back from an ended suppression at or above
 * `notify.minSeverity`, or whose check is in `notify.always`; every such
 * detection; a reminder for a critical finding still open after
 * `notify.realertDays`; and one digest per run that changed anything. A
 * problem that merely persists sends nothing. A run owing more than
 * `notify.maxAlertsPerRun` finding alerts sends its digest alone, which
 * says so.
 *
 * Pure. What a notification says is shared/notify's (format.ts), handed in
 * as a renderer, so deciding never depends on sending. Ids are built from
 * the cause alone, so a retried run owes nothing new.
 */
import type { Config } from '../config/schema.js';
import { atLeast, severityRank, type Detection, type Severity } from '../model.js';
import type { FindingChange, FindingState, Notification, RunSummary } from './types.js';

export interface AccountRef {
  readonly account: string;
  readonly accountAlias: string | null;
}

/** What a notification says: subject line, plain-text body and structured data. */
export interface NotificationContent {
  readonly subject: string;
  readonly body: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Lays out each kind of notification (shared/notify/render.ts is the real one). Must be pure. */
export interface NotificationRenderer {
  finding(change: FindingChange, ref: AccountRef): NotificationContent;
  reminder(state: FindingState, ref: AccountRef, at: string): NotificationContent;
  detection(detection: Detection, ref: AccountRef): NotificationContent;
  /** `folded`: alerts of this run not sent one by one (notify.maxAlertsPerRun), which the digest stands for. */
  digest(run: RunSummary, changes: readonly FindingChange[], ref: AccountRef, folded: number): NotificationContent;
}

export const notificationIds = {
  finding: (c: Pick<FindingChange, 'findingId' | 'change' | 'at'>) => `finding|${c.findingId}|${c.change}|${c.at}`,
  reminder: (findingId: string, at: string) => `reminder|${findingId}|${at}`,
  detection: (d: Pick<Detection, 'eventId' | 'ruleId'>) => `detection|${d.eventId}|${d.ruleId}`,
  digest: (runId: string) => `digest|${runId}`,
};

/**
 * Changes that make a finding newly open: a first sighting, a return after a
 * fix, and the end of a suppression (it expired, or was taken out of the
 * config), which for the people alerted is as new as an opening.
 */
export const ALERTING_CHANGES: ReadonlySet<FindingChange['change']> = new Set(['opened', 'reopened', 'unsuppressed']);

/** Whether a check or rule with this severity alerts on its own. */
export function alerts(id: string, severity: Severity, config: Config): boolean {
  return config.notify.always.includes(id) || atLeast(severity, config.notify.minSeverity);
}

const mostSevereFirst = <T extends { severity: Severity }>(key: (x: T) => string) => (a: T, b: T) =>
  severityRank(b.severity) - severityRank(a.severity) || key(a).localeCompare(key(b));

/** A change that makes the account worse. */
function worsens(c: FindingChange): boolean {
  if (c.change === 'severity-changed') return c.previousSeverity !== undefined && severityRank(c.severity) > severityRank(c.previousSeverity);
  return ALERTING_CHANGES.has(c.change);
}

/** A digest is as severe as the worst change that made the account worse; one of only improvements is info. */
export function digestSeverity(changes: readonly FindingChange[]): Severity {
  return changes.filter(worsens).reduce<Severity>((worst, c) => (severityRank(c.severity) > severityRank(worst) ? c.severity : worst), 'info');
}

/** What one run of the lifecycle owes. */
export interface RunNotifications {
  /** One per alerting change, most severe first; empty when folded into the digest. */
  readonly alerts: readonly Notification[];
  /** One per open critical finding due a reminder that did not change this run. */
  readonly reminders: readonly Notification[];
  /** One per run that changed anything. */
  readonly digest: Notification | null;
  /** How many alerts the digest stands for (more than notify.maxAlertsPerRun); 0 when none were folded. */
  readonly folded: number;
}

export function runNotifications(input: {
  readonly ref: AccountRef;
  readonly changes: readonly FindingChange[];
  /** Open findings due a reminder (notify.realertDays), as the lifecycle found them. */
  readonly reminders: readonly FindingState[];
  readonly run: RunSummary;
  readonly config: Config;
  readonly render: NotificationRenderer;
}): RunNotifications {
  const { ref, changes, reminders, run, config, render } = input;
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
      ...render.finding(c, ref),
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
            ...render.reminder(s, ref, run.at),
            createdAt: run.at,
          }));

  // An alert storm (the first audit of a large account, a mass change) is one digest, not thousands of emails.
  const limit = config.notify.maxAlertsPerRun;
  const folded = limit > 0 && alertsFor.length > limit ? alertsFor.length : 0;
  const digest: Notification | null =
    changes.length === 0
      ? null
      : {
          id: notificationIds.digest(run.runId),
          kind: 'digest',
          severity: digestSeverity(changes),
          ...base,
          ...render.digest(run, changes, ref, folded),
          createdAt: run.at,
        };

  return { alerts: folded ? [] : alertsFor, reminders: remindersDue, digest, folded };
}

/** The notifications owed for newly stored detections, in the order given. */
export function detectionNotifications(detections: readonly Detection[], ref: AccountRef, config: Config, render: NotificationRenderer): Notification[] {
  return detections
    .filter((d) => alerts(d.ruleId, d.severity, config))
    .map((d): Notification => ({
      id: notificationIds.detection(d),
      kind: 'detection',
      severity: d.severity,
      ruleId: d.ruleId,
      account: ref.account,
      accountAlias: ref.accountAlias,
      ...render.detection(d, ref),
      createdAt: d.eventTime,
    }));
}
