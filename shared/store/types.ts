/**
 * The finding store: current state of every finding, its append-only
 * history, real-time detections, run summaries and pending notifications.
 * One interface; the DynamoDB backend serves AWS and DynamoDB Local alike.
 * Output shapes of `findings` and `history` (design.md) are built from these.
 */
import type { Detection, Finding, Severity } from '../model.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Notification, PendingNotification } from '../notify/types.js';
import type { AccountRecord, AuditOutcome } from './organization.js';

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
}

export interface StoredDetection extends Detection {
  readonly account: string;
  readonly storedAt: string;
}

export interface ApplyResult {
  readonly changes: readonly FindingChange[];
  /** Notifications written as pending together with the changes. */
  readonly notifications: readonly Notification[];
  readonly run: RunSummary;
}

/** Builds the notifications owed for a run's changes (shared/notify's policy). Pure. */
export type NotificationBuilder = (input: {
  readonly evaluation: Evaluation;
  readonly changes: readonly FindingChange[];
  /** Open findings due a reminder (notify.realertDays), already chosen by the store. */
  readonly reminders: readonly FindingState[];
  readonly run: RunSummary;
}) => Notification[];

export type DetectionNotificationBuilder = (detections: readonly Detection[], account: string, accountAlias: string | null) => Notification[];

export interface FindingQuery {
  /** Omitted: every status. */
  readonly status?: FindingStatus | 'all';
  readonly severity?: Severity;
  readonly checkId?: string;
  readonly resource?: string;
  /** Only this account's findings; omitted: every account in the store. */
  readonly account?: string;
}

export interface HistoryQuery {
  readonly resource?: string;
  readonly checkId?: string;
  /** ISO, inclusive. */
  readonly since?: string;
  /** ISO, inclusive. */
  readonly until?: string;
  /** Only this account's history; omitted: every account in the store. */
  readonly account?: string;
}

export interface FindingStore {
  /**
   * Applies one evaluation (full or targeted): diffs it against stored state
   * per design.md's lifecycle, writes changed states, history rows, the
   * notifications `build` returns and the run summary. Findings of checks not
   * evaluated (inputs not collected) and, for a targeted evaluation, of
   * resources outside its scope are left untouched. Idempotent: applying the
   * same evaluation twice writes no history and no notification.
   */
  applyEvaluation(evaluation: Evaluation, build: NotificationBuilder, realertDays: number): Promise<ApplyResult>;
  /** Stores detections once per eventId+ruleId; returns only the newly stored ones and their notifications. */
  recordDetections(
    detections: readonly Detection[],
    account: string,
    accountAlias: string | null,
    build: DetectionNotificationBuilder,
  ): Promise<{ stored: readonly Detection[]; notifications: readonly Notification[] }>;
  queryFindings(query: FindingQuery): Promise<FindingState[]>;
  /** Oldest first. */
  queryHistory(query: HistoryQuery): Promise<FindingChange[]>;
  queryDetections(query: { since?: string; until?: string; account?: string }): Promise<StoredDetection[]>;
  /** Oldest first. */
  listRuns(query: { since?: string; until?: string; account?: string }): Promise<RunSummary[]>;
  pendingNotifications(query?: { account?: string }): Promise<PendingNotification[]>;
  /** Records that `sink` took the notification; once every sink has, it is no longer pending. */
  markDelivered(notificationId: string, sink: string, allSinks: readonly string[]): Promise<void>;
  markFailed(notificationId: string, error: string): Promise<void>;
  /** An organization audit's outcome for one account, with its name and OU (shared/store/organization.ts). */
  recordAuditOutcome(account: string, outcome: AuditOutcome): Promise<AccountRecord>;
  /** Every account with organization facts recorded. */
  listAccountRecords(): Promise<AccountRecord[]>;
  /**
   * Notifications owed outside an evaluation (the organization audit's
   * digest), pending until delivered; an id already enqueued is skipped, so
   * a retried run owes nothing twice. Returns the newly enqueued ones.
   */
  enqueueNotifications(notifications: readonly Notification[]): Promise<Notification[]>;
  close(): Promise<void>;
}

export type { Finding };
export type { AccountPlacement, AccountRecord, AuditOutcome } from './organization.js';
