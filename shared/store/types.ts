/**
 * The finding store: current state of every finding, its append-only
 * history, real-time detections, run records and pending notifications.
 * It decides nothing: shared/findings prepares each change set, the store
 * persists it atomically (apply.ts) and keeps the claims senders take on
 * notifications (claims.ts). One interface; the DynamoDB backend serves AWS
 * and DynamoDB Local alike. Output shapes of `findings` and `history`
 * (design.md) are built from these.
 */
import type { ChangeSet, DetectionChangeSet, StoredView } from '../findings/change-set.js';
import type { FindingChange, FindingState, FindingStatus, Notification, NotificationClaim, PendingNotification, RunSummary, StoredDetection } from '../findings/types.js';
import type { Detection, Severity } from '../model.js';
import type { AppliedRun, ApplyTarget } from './apply.js';
import type { AccountRecord, AuditOutcome } from './organization.js';

export type { ChangeKind, FindingChange, FindingState, FindingStatus, RunSummary, StoredDetection } from '../findings/types.js';
export type { AppliedRun, ApplyTarget } from './apply.js';
/** What applying one evaluation wrote (the name callers knew it by). */
export type ApplyResult = AppliedRun;

export interface RecordedDetections {
  /** Detections stored for the first time, in the order given (a redelivered event adds none). */
  readonly stored: readonly Detection[];
  /** Notifications written as pending with them. */
  readonly notifications: readonly Notification[];
}

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

/** Claim-then-send on one delivery channel (shared/notify/claims.ts's ClaimLedger). */
export interface DeliveryClaims {
  claimNotification(notificationId: string): Promise<NotificationClaim | null>;
  markSent(claim: NotificationClaim, sink: string): Promise<boolean>;
  releaseClaim(claim: NotificationClaim, outcome: { readonly done: boolean; readonly error?: string }): Promise<void>;
}

/** A channel's claims, and whether a notification it refuses was sent (or is being sent by someone else). */
export interface DeliveryLedgerClaims extends DeliveryClaims {
  wasSent(notificationId: string): Promise<boolean>;
}

export interface FindingStore extends DeliveryClaims {
  /**
   * Applies one run under the account's apply lease: reads the states
   * `target` may touch, hands them to `prepare` (shared/findings, pure) and
   * persists the change set it returns as one unit, or not at all. A run a
   * crashed predecessor left half-applied is completed first.
   */
  apply(target: ApplyTarget, prepare: (view: StoredView) => ChangeSet): Promise<AppliedRun>;
  /** Stores each detection once per eventId+ruleId, with the notification it owes; returns only the newly stored. */
  recordDetections(set: DetectionChangeSet): Promise<RecordedDetections>;
  queryFindings(query: FindingQuery): Promise<FindingState[]>;
  /** Oldest first. */
  queryHistory(query: HistoryQuery): Promise<FindingChange[]>;
  queryDetections(query: { since?: string; until?: string; account?: string }): Promise<StoredDetection[]>;
  /** Complete runs, oldest first. */
  listRuns(query: { since?: string; until?: string; account?: string }): Promise<RunSummary[]>;
  /** Notifications still owed to some sink, oldest first. */
  pendingNotifications(query?: { readonly account?: string }): Promise<PendingNotification[]>;
  /** Claims for a channel fed from outside the pending list (notify-slack, from SNS). */
  deliveryLedger(channel: string): DeliveryLedgerClaims;
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

export type { AccountPlacement, AccountRecord, AuditOutcome } from './organization.js';
