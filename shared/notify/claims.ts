/**
 * The one thing delivery needs from wherever notifications are kept: a way
 * to claim each before sending it (a conditional write with a lease that
 * expires), to record each sink that took it, and to let it go. The store
 * implements it (shared/store/claims.ts) and the caller hands it in, so
 * nothing here knows how or where notifications are stored.
 */
import type { NotificationClaim, PendingNotification } from '../findings/types.js';

export interface ClaimLedger {
  /**
   * Takes the notification for this sender until the claim's lease expires;
   * null when it is sent already or another sender holds a live claim. A
   * claim whose holder died is taken over once its lease has expired (at
   * once when the holder is a process on this host known to be gone).
   */
  claimNotification(notificationId: string): Promise<NotificationClaim | null>;
  /** Records that `sink` took it; false when the claim no longer holds (expired and taken over): stop sending it then. */
  markSent(claim: NotificationClaim, sink: string): Promise<boolean>;
  /** Ends the claim: `done` when every sink has it (no longer pending); otherwise the error that left it pending. */
  releaseClaim(claim: NotificationClaim, outcome: { readonly done: boolean; readonly error?: string }): Promise<void>;
}

export interface NotificationClaims extends ClaimLedger {
  /** Notifications still owed to some sink, oldest first; optionally one account's. */
  pendingNotifications(query?: { readonly account?: string }): Promise<PendingNotification[]>;
}
