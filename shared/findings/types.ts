/**
 * The vocabulary of the finding lifecycle, shared downstream: what a finding
 * is in the store (state, history row, run summary), and the notifications
 * a change owes with their delivery state. shared/findings decides these,
 * shared/store persists them and shared/notify formats and sends them; none
 * of the three imports another's logic to speak of them.
 */
import type { Detection, Severity } from '../model.js';

export type FindingStatus = 'open' | 'resolved' | 'suppressed';
export type ChangeKind = 'opened' | 'resolved' | 'reopened' | 'suppressed' | 'unsuppressed' | 'severity-changed';

/** Current state of one finding. */
export interface FindingState {
  readonly findingId: string;
  readonly account: string;
  readonly checkId: string;
  readonly resource: string;
  readonly qualifier?: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly title: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt: string | null;
  readonly suppression?: { readonly reason: string; readonly expires: string | null };
  /** Last time a notification (first alert or reminder) went out for it. */
  readonly lastNotifiedAt: string | null;
  /** Optimistic-concurrency version, incremented on every write. */
  readonly version: number;
}

/** One history row: a change of a finding. */
export interface FindingChange {
  readonly findingId: string;
  readonly checkId: string;
  readonly resource: string;
  readonly qualifier?: string;
  readonly change: ChangeKind;
  /** Evaluation time of the run that saw the change. */
  readonly at: string;
  readonly severity: Severity;
  readonly previousSeverity?: Severity;
  readonly title: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A run's summary row, for trends. */
export interface RunSummary {
  readonly runId: string;
  readonly account: string;
  readonly kind: 'scan' | 'targeted' | 'detect';
  readonly at: string;
  readonly openBySeverity: Record<Severity, number>;
  readonly opened: number;
  readonly resolved: number;
  readonly reopened: number;
  readonly suppressed: number;
  readonly detections: number;
  readonly collectionGaps: readonly string[];
  /** Checks a selection (--checks, --min-severity, config `checks`) left out of a scan; absent when it ran them all. */
  readonly notSelectedChecks?: readonly string[];
}

export interface StoredDetection extends Detection {
  readonly account: string;
  readonly storedAt: string;
}

export type NotificationKind = 'finding' | 'detection' | 'digest';

/**
 * One message owed to the people who watch the account: built once (subject,
 * plain-text body, structured data for Slack), persisted as pending in the
 * same write as the change that caused it, then sent to each sink once.
 */
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
  /** Failed delivery attempts so far. */
  readonly attempts: number;
  readonly lastError?: string;
}

/**
 * A sender's exclusive right to send one notification until `expiresAt`
 * (epoch ms): taken with a conditional write before sending, so overlapping
 * runs never send the same notification twice.
 */
export interface NotificationClaim {
  readonly notificationId: string;
  /** Unique per claim: every write made under it is conditional on it. */
  readonly owner: string;
  readonly expiresAt: number;
  /** Sinks that had taken it when it was claimed. */
  readonly sentTo: readonly string[];
}
