/**
 * Delivery of pending notifications, claim-then-send (design.md "Exactly
 * once, whatever happens"): each notification is claimed before it is sent
 * (a conditional write with a lease), sent to every sink that has not taken
 * it yet, each sink's success recorded as it happens, then released. A run
 * sends only what it could claim, so overlapping runs (two audits, a burst
 * of events) never send one notification twice; a sink that fails leaves
 * it pending for the next run, and the sinks that already took it are not
 * sent it again; a sender that dies leaves a claim whose lease expires, and
 * the next run sends what it had not.
 *
 * The one window left: a sender that dies after a sink accepted a
 * notification and before that is recorded. The next run cannot tell and
 * sends it again (at least once beats never for a security alert); SNS
 * FIFO topics drop that copy by its deduplication id (sns.ts).
 */
import { crashPoint } from '../crash-points.js';
import type { Notification, NotificationClaim } from '../findings/types.js';
import type { ClaimLedger, NotificationClaims } from './claims.js';
import { describeError } from './secrets.js';
import type { NotificationSink } from './types.js';

export interface DeliveryFailure {
  readonly notificationId: string;
  readonly sink: string;
  readonly error: string;
}

export interface DeliveryResult {
  /** Notifications every sink now has. */
  readonly delivered: number;
  /** Notifications still owed to at least one sink. */
  readonly failed: number;
  readonly failures: readonly DeliveryFailure[];
  /** Pending notifications another sender holds a claim on: theirs to send. */
  readonly skipped: number;
}

export interface DeliveryOptions {
  /** Only this account's notifications; omitted: every pending notification in the store. */
  readonly account?: string;
  /** Wall clock, for the claim's remaining lease. */
  readonly clock?: () => number;
}

/** A send is started only with at least this much of the claim's lease left, so it ends before the lease does. */
export const MIN_LEASE_LEFT_MS = 20_000;

/**
 * Sends one claimed notification to each sink that has not taken it,
 * recording each success, then releases the claim: done when every sink has
 * it, otherwise with the errors that left it pending.
 */
export async function sendClaimed(
  ledger: ClaimLedger,
  claim: NotificationClaim,
  notification: Notification,
  sinks: readonly NotificationSink[],
  clock: () => number = Date.now,
): Promise<{ readonly done: boolean; readonly failures: readonly DeliveryFailure[] }> {
  const failures: DeliveryFailure[] = [];
  const failed = (sink: string, error: string) => failures.push({ notificationId: notification.id, sink, error });
  for (const sink of sinks.filter((s) => !claim.sentTo.includes(s.name))) {
    if (claim.expiresAt - clock() < MIN_LEASE_LEFT_MS) {
      failed(sink.name, 'the claim lease ran short before sending; left for the next run');
      break;
    }
    try {
      await sink.send(notification);
    } catch (error) {
      failed(sink.name, describeError(error));
      continue;
    }
    crashPoint('deliver:sent');
    if (!(await ledger.markSent(claim, sink.name))) {
      // Taken over: the new holder decides what is left, and releasing is no longer ours.
      failed(sink.name, 'sent, but the claim had expired and was taken over by another sender');
      return { done: false, failures };
    }
    crashPoint('deliver:marked');
  }
  const error = failures.map((f) => `${f.sink}: ${f.error}`).join('; ');
  await ledger.releaseClaim(claim, { done: failures.length === 0, ...(error ? { error } : {}) });
  return { done: failures.length === 0, failures };
}

export async function deliverPending(claims: NotificationClaims, sinks: readonly NotificationSink[], options: DeliveryOptions = {}): Promise<DeliveryResult> {
  if (sinks.length === 0) return { delivered: 0, failed: 0, failures: [], skipped: 0 };
  const clock = options.clock ?? Date.now;
  const failures: DeliveryFailure[] = [];
  let delivered = 0;
  let failed = 0;
  let skipped = 0;

  for (const pending of await claims.pendingNotifications(options.account ? { account: options.account } : undefined)) {
    const claim = await claims.claimNotification(pending.notification.id);
    if (!claim) {
      skipped++;
      continue;
    }
    crashPoint('deliver:claimed');
    // Every current sink may have it already (pending only for a sink no longer configured): sendClaimed then just releases it as done.
    const outcome = await sendClaimed(claims, claim, pending.notification, sinks, clock);
    failures.push(...outcome.failures);
    if (outcome.done) delivered++;
    else failed++;
  }
  return { delivered, failed, failures, skipped };
}
