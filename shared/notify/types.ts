/**
 * Notifications: what is sent (the vocabulary of shared/findings/types.ts,
 * re-exported here for the sinks) and the sinks that send it. A
 * notification is built once, persisted as pending together with the change
 * that caused it, and delivered to each sink until every sink has taken it.
 */
export type { Notification, NotificationClaim, NotificationKind, PendingNotification } from '../findings/types.js';
import type { Notification } from '../findings/types.js';

export interface NotificationSink {
  /** Stable name ("sns", "slack", "console", "outbox"), recorded per delivered notification. */
  readonly name: string;
  /** Throws on failure; the notification then stays pending for this sink. */
  send(notification: Notification): Promise<void>;
}
