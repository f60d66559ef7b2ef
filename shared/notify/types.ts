/**
 * Notifications: what is sent, and the sinks that send it. A notification
 * is built once (subject, plain-text body, structured data for Slack),
 * stored as pending together with the change that caused it, and delivered
 * to each sink until every sink has taken it.
 */
import type { Severity } from '../model.js';

export type NotificationKind = 'finding' | 'detection' | 'digest';

export interface Notification {
  /**
   * Stable and unique: the same cause always gives the same id, so a retried
   * run never enqueues a second copy. E.g. "finding|<findingId>|opened|<at>",
   * "detection|<eventId>|<ruleId>", "digest|<runId>", "reminder|<findingId>|<at>".
   */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly severity: Severity;
  /** Set for kind finding (and reminders). */
  readonly checkId?: string;
  /** Set for kind detection. */
  readonly ruleId?: string;
  readonly account: string;
  readonly accountAlias: string | null;
  /** Under 100 characters, e.g. "[CRITICAL] Root access key used in 111122223333 (prod-alias)". */
  readonly subject: string;
  /** Plain text for email: what, where, when, who, why it matters, how to fix, console link. */
  readonly body: string;
  /** Structured content, for sinks that format their own (Slack Block Kit). */
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO time the notification was created (the run's evaluation time or the event time). */
  readonly createdAt: string;
}

/** A notification still owed to at least one sink. */
export interface PendingNotification {
  readonly notification: Notification;
  /** Sinks that have already taken it. */
  readonly sentTo: readonly string[];
  readonly attempts: number;
  readonly lastError?: string;
}

export interface NotificationSink {
  /** Stable name ("sns", "slack", "console", "outbox"), recorded per delivered notification. */
  readonly name: string;
  /** Throws on failure; the notification then stays pending for this sink. */
  send(notification: Notification): Promise<void>;
}
